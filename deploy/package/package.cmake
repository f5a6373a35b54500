# `make package`: a Debian package of the programs, the page, the corpus, the systemd units and
# the nginx configuration, built by CPack and checked by lintian (tests/deploy/package.sh).
include(GNUInstallDirs)
install(TARGETS prepsearch-index prepsearch-serve prepsearch-query RUNTIME DESTINATION bin)
install(DIRECTORY ${PROJECT_SOURCE_DIR}/web/ DESTINATION share/prepsearch/web)
install(DIRECTORY ${PROJECT_SOURCE_DIR}/corpus/ DESTINATION share/prepsearch/corpus)
install(FILES ${PROJECT_SOURCE_DIR}/deploy/nginx/prepsearch.conf
        DESTINATION share/doc/prepsearch/examples)
file(GLOB prepsearch_units ${PROJECT_SOURCE_DIR}/deploy/systemd/*.service
     ${PROJECT_SOURCE_DIR}/deploy/systemd/*.timer)
install(FILES ${prepsearch_units} DESTINATION lib/systemd/system)
install(FILES ${PROJECT_SOURCE_DIR}/deploy/systemd/prepsearch.sysusers
        DESTINATION lib/sysusers.d RENAME prepsearch.conf)
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
include(CPack)
