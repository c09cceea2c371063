# Sourced by ./shinso and shinso-bench/scripts/compare_training.sh: the JVM options for training runs.
shinso_jvm_options=(-XX:+UseParallelGC)
