// What tessera._core.RuleFile holds: the parsed file and the text it came
// from (the core keeps only the syntax tree).
#ifndef TESSERA_PYTHON_RULE_FILE_HANDLE_H_
#define TESSERA_PYTHON_RULE_FILE_HANDLE_H_

#include <string>

#include "tessera/rules.h"

namespace tessera::python {

struct RuleFileHandle {
  RuleFile file;
  std::string text;
};

}  // namespace tessera::python

#endif  // TESSERA_PYTHON_RULE_FILE_HANDLE_H_
