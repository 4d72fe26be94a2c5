// What tessera._core.Result owns: one run's result and everything needed to
// explain it later.
#ifndef TESSERA_PYTHON_RESULT_STATE_H_
#define TESSERA_PYTHON_RESULT_STATE_H_

#include <memory>
#include <vector>

#include "tessera/dataset.h"
#include "tessera/pipeline.h"
#include "tessera/rules.h"

namespace tessera::python {

// Created before the run starts and filled afterwards: moving the run's
// columns in keeps every std::vector's buffer where it is.
struct ResultState {
  std::shared_ptr<Dataset> dataset;
  std::vector<RuleFile> rules;  // for explain and tier snapshots
  Day as_of = kNoDay;
  RunResult run;

  // After take_columns() the column vectors of `run` are moved out (names
  // and labels stay): every call that reads values must refuse.
  bool columns_taken = false;
  // Whether a read-only view of a column was ever handed out. Such a view
  // points into a buffer that take_columns() gives to a new array, so the
  // state then keeps that buffer alive too (in `buffers_kept_for_views`),
  // for as long as the views, which hold the state, may read it.
  bool columns_viewed = false;
  std::vector<std::shared_ptr<const void>> buffers_kept_for_views;
  // Calls that read the columns with the GIL released (explain): moving the
  // vectors under them would pull their values away mid-read.
  int readers_without_gil = 0;
};

}  // namespace tessera::python

#endif  // TESSERA_PYTHON_RESULT_STATE_H_
