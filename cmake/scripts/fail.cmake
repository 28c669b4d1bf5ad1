# Used as a CTest command when a test cannot run here: it fails, loudly.
message(FATAL_ERROR "${MESSAGE}")
