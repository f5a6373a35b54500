// Terms both programs must spell alike: the id term, boolean filter terms, synonym keys.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "core/analyzer.h"

namespace prepsearch {

// The unique id term ("Q" + id) that replace_document() and get_document() key on.
std::string id_term(std::string_view id);
// The boolean term of a translation of the document with `id` (schema::prefix::kTranslates).
std::string translates_term(std::string_view id);

// The languages of the documents of `db` (the codes of its language terms), in code order.
std::vector<std::string> languages_of(const Xapian::Database& db);

// The boolean filter term for `value` of a field: prefix + folded value, cut to stay
// under Xapian's term limit. The indexer adds it; the server filters on it.
std::string boolean_term(const char* prefix, std::string_view value);

// A title (or a query) as the words that identify it: whole_word() of each token (code
// terms whole, other words folded, not stemmed), joined by single spaces. "What is Redux?"
// and "what is redux" have one key.
std::string title_key(const std::vector<Token>& tokens, std::size_t count = SIZE_MAX);

// prefix + key: the title terms (schema::prefix::kTitleExact, kTitleStart). Empty when the
// term would pass Xapian's length limit: such a title has no such term.
std::string title_term(const char* prefix, std::string_view key);

// The title-pair term (schema::prefix::kTitlePair) of two neighbouring words; empty as
// title_term() says.
std::string title_pair_term(const Token& first, const Token& second);

// The names an API reference in `text` defines, each as its term (schema::prefix::kDefines +
// whole_word()): a paragraph that is only a name, or the name and "()", followed by a
// paragraph that starts with its signature ("select_related()", then "select_related(*fields)").
// A long reference page defines many; the section that defines a name is its reference.
std::vector<std::string> defined_names(std::string_view text);

// The term a query of one word `token` finds the text that defines it by.
std::string defined_term(const Token& token);

// The keys a synonyms.txt phrase is found by, one or two: the query terms of its words
// without the Z prefix ("class-based view"), and, when the phrase has code terms made of
// words, its words alone ("class base view"). Stemmed, so "CBVs" finds the key of "CBV".
std::vector<std::string> synonym_keys(const std::vector<Token>& tokens, Stemmer& stem);
std::vector<std::string> synonym_keys(std::string_view phrase, Stemmer& stem);

}  // namespace prepsearch
