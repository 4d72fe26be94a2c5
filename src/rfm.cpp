// Filled in by the work in progress on this file.
