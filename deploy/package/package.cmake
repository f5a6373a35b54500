# `make package`: a Debian package of the programs, the page, the corpus, the systemd units and
# the nginx configuration, built by CPack and checked by lintian (tests/system/deploy/package.sh).
include(GNUInstallDirs)
install(TARGETS prepsearch-index prepsearch-serve prepsearch-query RUNTIME DESTINATION bin)
# The page and the corpus as git tracks them: a file left untracked in a working copy (a
# page being drafted) is not shipped. Outside a git checkout (a source tarball), all of them.
foreach(folder web corpus)
  execute_process(COMMAND git -C ${PROJECT_SOURCE_DIR} ls-files -- ${folder}
                  OUTPUT_VARIABLE tracked RESULT_VARIABLE git_status
                  OUTPUT_STRIP_TRAILING_WHITESPACE ERROR_QUIET)
  if(git_status EQUAL 0 AND NOT tracked STREQUAL "")
    string(REPLACE "\n" ";" tracked "${tracked}")
  else()
    file(GLOB_RECURSE tracked RELATIVE ${PROJECT_SOURCE_DIR} ${PROJECT_SOURCE_DIR}/${folder}/*)
  endif()
  foreach(file ${tracked})
    file(RELATIVE_PATH inside ${PROJECT_SOURCE_DIR}/${folder} ${PROJECT_SOURCE_DIR}/${file})
    get_filename_component(subfolder ${inside} DIRECTORY)
    install(FILES ${PROJECT_SOURCE_DIR}/${file} DESTINATION share/prepsearch/${folder}/${subfolder})
  endforeach()
endforeach()
install(FILES ${PROJECT_SOURCE_DIR}/deploy/nginx/prepsearch.conf
        DESTINATION share/doc/prepsearch/examples)
file(GLOB prepsearch_units ${PROJECT_SOURCE_DIR}/deploy/systemd/*.service
     ${PROJECT_SOURCE_DIR}/deploy/systemd/*.timer)
install(FILES ${prepsearch_units} DESTINATION lib/systemd/system)
install(FILES ${PROJECT_SOURCE_DIR}/deploy/systemd/prepsearch.sysusers
        DESTINATION lib/sysusers.d RENAME prepsearch.conf)
install(FILES ${PROJECT_SOURCE_DIR}/deploy/systemd/prepsearch.tmpfiles
        DESTINATION lib/tmpfiles.d RENAME prepsearch.conf)
install(FILES ${PROJECT_SOURCE_DIR}/deploy/package/copyright DESTINATION share/doc/prepsearch)
# Debian wants the changelog compressed with gzip -9n (no name, no time: reproducible); a
# native package's is changelog.gz.
set(prepsearch_changelog ${CMAKE_BINARY_DIR}/changelog.gz)
execute_process(COMMAND gzip -9n -c ${PROJECT_SOURCE_DIR}/deploy/package/changelog
                OUTPUT_FILE ${prepsearch_changelog})
install(FILES ${prepsearch_changelog} DESTINATION share/doc/prepsearch)
# Manual pages, compressed the same way.
foreach(page prepsearch-index prepsearch-serve prepsearch-query)
  execute_process(COMMAND gzip -9n -c ${PROJECT_SOURCE_DIR}/deploy/package/${page}.1
                  OUTPUT_FILE ${CMAKE_BINARY_DIR}/${page}.1.gz)
  install(FILES ${CMAKE_BINARY_DIR}/${page}.1.gz DESTINATION share/man/man1)
endforeach()

set(CPACK_GENERATOR DEB)
set(CPACK_PACKAGE_NAME prepsearch)
set(CPACK_PACKAGE_VERSION ${PROJECT_VERSION})
set(CPACK_PACKAGING_INSTALL_PREFIX /usr)
set(CPACK_PACKAGE_CONTACT "prepsearch maintainers <maintainers@prepsearch.invalid>")
set(CPACK_DEBIAN_FILE_NAME DEB-DEFAULT)
set(CPACK_DEBIAN_PACKAGE_SECTION web)
set(CPACK_DEBIAN_PACKAGE_PRIORITY optional)
set(CPACK_DEBIAN_PACKAGE_SHLIBDEPS ON)
set(CPACK_DEBIAN_PACKAGE_RECOMMENDS "nginx-light | nginx, xapian-tools")
set(CPACK_DEBIAN_PACKAGE_DESCRIPTION "full-text search for technical interview content
prepsearch indexes interview-prep pages (Markdown and JSONL) into Xapian
databases and serves ranked search over a JSON HTTP API, with a small web
page and an embeddable search box. It finds code terms as typed (N+1,
select_related, C++) and follows reindexing and Xapian replication
without a restart.")
set(CPACK_STRIP_FILES ON)
# postinst makes the service user and the index's folder.
set(CPACK_DEBIAN_PACKAGE_CONTROL_EXTRA ${PROJECT_SOURCE_DIR}/deploy/package/postinst)
set(CPACK_DEBIAN_PACKAGE_CONTROL_STRICT_PERMISSION ON)
include(CPack)
