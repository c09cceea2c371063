/** JMH benchmarks; open, since JMH's generated code and runner reach the benchmark classes reflectively. */
open module dev.shinso.bench {
  requires dev.shinso.core;
  requires jmh.core;
  requires java.management; // TrainEpoch: JIT time and JVM start for the cold run
}
