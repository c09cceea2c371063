package dev.shinso.spark;

import dev.shinso.Shinso;
import dev.shinso.autograd.NoGrad;
import dev.shinso.cli.CheckpointModel;
import dev.shinso.cli.predict.ImageInput;
import dev.shinso.data.datasets.FashionMnist;
import dev.shinso.io.Checkpoint;
import dev.shinso.models.Models;
import dev.shinso.nn.Functional;
import dev.shinso.nn.Module;
import dev.shinso.optim.Adam;
import dev.shinso.tensor.Tensor;
import dev.shinso.testing.RealData;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import javax.imageio.ImageIO;

/** Fashion-MNIST for the predict tests: test images as PNG files, a quickly trained MLP, and single-process predictions. */
final class TestImages {
  private TestImages() {}

  record Prediction(String label, double probability) {}

  static FashionMnist set(boolean train) throws IOException {
    return FashionMnist.builder().train(train).root(RealData.fashionMnistDir()).download(false).build();
  }

  /** The first n test images as 28×28 grey PNG files in dir (img_000.png, ...). */
  static void writePngs(int n, Path dir) throws IOException {
    Tensor images = set(false).images(); // once: images() converts the whole split
    for (int i = 0; i < n; i++) {
      float[] px = images.select(0, i).toFloatArray();
      BufferedImage img = new BufferedImage(28, 28, BufferedImage.TYPE_BYTE_GRAY);
      for (int p = 0; p < px.length; p++) img.getRaster().setSample(p % 28, p / 28, 0, Math.round(px[p] * 255));
      ImageIO.write(img, "png", dir.resolve(String.format("img_%03d.png", i)).toFile());
    }
  }

  /** An MLP trained for a few hundred steps (enough for confident, distinct predictions), saved as shinso train saves. */
  static Path trainedMlp(Path file) throws IOException {
    Shinso.manualSeed(7);
    FashionMnist train = set(true);
    Tensor images = train.images(); // once: images() converts the whole split
    Module net = Models.mlp();
    Adam opt = new Adam(net.parameters(), 1e-3);
    int batch = 64;
    for (int step = 0; step < 300; step++) {
      int from = step * batch;
      Tensor x = images.narrow(0, from, batch).reshape(batch, 1, 28, 28);
      Tensor y = train.labels().narrow(0, from, batch);
      opt.zeroGrad();
      Functional.crossEntropy(net.forward(x), y).backward();
      opt.step();
    }
    Map<String, String> meta = new LinkedHashMap<>();
    meta.put("model", "mlp");
    new Checkpoint(net.stateDict(), Map.of(), Map.of(), new long[] {0, 0, 0}, 0, meta).save(file);
    return file;
  }

  /** What `shinso predict` computes for one file: the same image preparation, one image per forward pass. */
  static Map<String, Prediction> singleProcess(Path checkpoint, Path dir) throws IOException {
    Module net = CheckpointModel.load(checkpoint, null).net();
    Map<String, Prediction> out = new LinkedHashMap<>();
    try (var files = Files.list(dir).sorted()) {
      for (Path f : (Iterable<Path>) files::iterator) {
        float[] p;
        try (NoGrad _ = NoGrad.enter()) {
          p = net.forward(ImageInput.read(f).tensor()).softmax(1).toFloatArray();
        }
        int best = 0;
        for (int c = 1; c < p.length; c++) if (p[c] > p[best]) best = c;
        out.put(f.getFileName().toString(), new Prediction(FashionMnist.CLASSES.get(best), p[best]));
      }
    }
    return out;
  }
}
