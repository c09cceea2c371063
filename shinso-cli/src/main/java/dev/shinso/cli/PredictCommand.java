package dev.shinso.cli;

import dev.shinso.autograd.NoGrad;
import dev.shinso.cli.predict.ImageInput;
import dev.shinso.cli.spark.SparkCommands;
import dev.shinso.data.datasets.FashionMnist;
import dev.shinso.tensor.Device;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.stream.IntStream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code shinso predict}: the most likely Fashion-MNIST classes of image files. */
@Command(name = "predict", mixinStandardHelpOptions = true,
    description = {"Classify images (PNG, JPEG) with a trained checkpoint and print the top classes with their probabilities.",
        "Each image is made grey, scaled to 28x28 and, when its border is mostly light, inverted: Fashion-MNIST is light on dark.",
        "With --spark MASTER (e.g. local[2], spark://host:7077) it classifies a whole data set on Apache Spark instead:",
        "--input (a folder of images, or a parquet file with path and content columns) to --output (parquet: path, label, probability)."})
final class PredictCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Option(names = "--checkpoint", required = true, description = "a checkpoint written by shinso train")
  Path checkpoint;

  @Option(names = "--model", description = "mlp, cnn or resnet (default: the model the checkpoint names)")
  String model;

  @Option(names = "--top", defaultValue = "3", description = "classes to print per image (default: ${DEFAULT-VALUE})")
  int top;

  @Parameters(arity = "0..*", paramLabel = "IMAGE", description = "image files (without --spark)")
  List<Path> images = List.of();

  @Option(names = "--spark", paramLabel = "MASTER", description = "classify --input on Spark: local[N] or spark://host:port")
  String spark;

  @Option(names = "--input", paramLabel = "DIR|PARQUET", description = "with --spark: a folder of images or a parquet file (path, content)")
  String input;

  @Option(names = "--output", paramLabel = "PARQUET", description = "with --spark: where the predictions go (must not exist)")
  Path output;

  @Option(names = "--batch-size", defaultValue = "256", description = "with --spark: images per forward pass (default: ${DEFAULT-VALUE})")
  int batchSize;

  @Mixin DeviceOption deviceOption;

  @Override
  public Integer call() throws Exception {
    if (spark != null) return onSpark();
    if (input != null || output != null) throw new IllegalArgumentException("--input and --output go with --spark MASTER");
    if (images.isEmpty()) throw new IllegalArgumentException("name at least one IMAGE file (or a data set with --spark)");
    Device device = deviceOption.device();
    if (top < 1 || top > FashionMnist.CLASSES.size()) {
      throw new IllegalArgumentException("--top must be between 1 and " + FashionMnist.CLASSES.size() + ", got " + top);
    }
    List<ImageInput> inputs = new ArrayList<>();
    for (Path p : images) inputs.add(ImageInput.read(p));  // every file is checked before the model loads
    CheckpointModel m = CheckpointModel.load(checkpoint, model);
    m.net().to(device);
    PrintWriter w = spec.commandLine().getOut();
    int width = FashionMnist.CLASSES.stream().mapToInt(String::length).max().orElse(0);
    for (ImageInput in : inputs) {
      float[] p;
      try (NoGrad g = NoGrad.enter()) {
        p = m.net().forward(in.tensor().to(device)).softmax(1).toFloatArray();
      }
      w.printf(Locale.ROOT, "%s (%dx%d%s)%n", in.file(), in.width(), in.height(),
          in.inverted() ? ", light background: inverted" : "");
      IntStream.range(0, p.length).boxed().sorted(Comparator.comparingDouble((Integer i) -> -p[i])).limit(top)
          .forEach(i -> w.printf(Locale.ROOT, "  %-" + width + "s  %.4f%n", FashionMnist.CLASSES.get(i), p[i]));
    }
    w.flush();
    return 0;
  }

  /** Checks the options here; shinso-spark (found only now, see SparkCommands) does the rest. */
  private int onSpark() throws Exception {
    if (!images.isEmpty()) throw new IllegalArgumentException("with --spark name the data set with --input, not as IMAGE arguments");
    if (input == null || output == null) throw new IllegalArgumentException("--spark needs --input DIR|PARQUET and --output PARQUET");
    if (batchSize < 1) throw new IllegalArgumentException("--batch-size must be at least 1, got " + batchSize);
    if (deviceOption.name != null && !deviceOption.name.equals("cpu")) {
      throw new IllegalArgumentException("--device goes without --spark: Spark's executors classify on the CPU");
    }
    if (!input.contains("://") && !java.nio.file.Files.exists(Path.of(input))) {
      throw new IllegalArgumentException("--input " + input + ": no such folder or file");
    }
    if (java.nio.file.Files.exists(output)) throw new IllegalArgumentException("--output " + output + " exists; remove it or name another");
    PrintWriter w = spec.commandLine().getOut();
    SparkCommands.find().predict(spark, checkpoint, model, input, output, batchSize, w);
    w.flush();
    return 0;
  }
}
