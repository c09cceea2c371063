# Sourced by ./shinso and shinso-bench/scripts/compare_training.sh: the JVM options for training runs.
#
# G1 with 4 MB regions. A tensor of 2 MB or more (half a region) is then a humongous object: G1 gives it
# regions of its own, never copies it, and frees it at the next young collection once it is dead (eager
# reclaim). A step's activations are such tensors, so they are neither copied between survivor spaces nor
# promoted while the step still holds them. With ParallelGC (the previous choice) the adaptive sizing grew
# eden past 1 GB in the first epoch, so every step wrote into memory the kernel had not yet mapped (page
# faults, 20-40% of the CPU) and never in cache, and the resident set reached 1.7 GB (MLP), 2.2 GB (CNN)
# and 3.4 GB (ResNet); a fixed young generation kept the MLP small but let the ResNet's activations be
# promoted until its heap filled (6.3 GB). Measured in shinso-bench/README.md (2026-12-06).
#
# -Xms64m: start small and grow as G1 finds it needs to. The default initial heap (1/64 of the machine's
# memory, 384 MB here) is touched region by region as eden cycles through it, so an MLP whose live set is
# 64 MB held 700-800 MB: MLP peak RSS 688-777 -> 423-607 MB (3 runs each, load 4-5). Letting G1 collect
# more before growing (-XX:GCTimeRatio=4) kept the MLP at 343-451 MB but made the ResNet start a concurrent
# cycle at almost every large allocation (157-252 cycles in 60 steps), with no smaller resident set.
shinso_jvm_options=(-XX:+UseG1GC -XX:G1HeapRegionSize=4m -Xms64m)
