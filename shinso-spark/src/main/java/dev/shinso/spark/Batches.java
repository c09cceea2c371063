package dev.shinso.spark;

import dev.shinso.autograd.NoGrad;
import dev.shinso.cli.predict.ImageInput;
import dev.shinso.data.datasets.FashionMnist;
import dev.shinso.nn.Module;
import dev.shinso.tensor.Tensor;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;

/**
 * A partition's (path, content) rows classified batchSize images per forward pass, lazily: the
 * partition is never held in memory, only one batch. Rows out: (path, label, probability).
 */
final class Batches implements Iterator<Row> {
  private final Iterator<Row> images;
  private final Module net;
  private final int batchSize;
  private final ArrayDeque<Row> ready = new ArrayDeque<>();

  Batches(Iterator<Row> images, Module net, int batchSize) {
    this.images = images;
    this.net = net;
    this.batchSize = batchSize;
  }

  @Override
  public boolean hasNext() {
    if (ready.isEmpty() && images.hasNext()) classifyNext();
    return !ready.isEmpty();
  }

  @Override
  public Row next() {
    if (!hasNext()) throw new NoSuchElementException();
    return ready.poll();
  }

  private void classifyNext() {
    List<String> paths = new ArrayList<>(batchSize);
    List<Tensor> inputs = new ArrayList<>(batchSize);
    while (inputs.size() < batchSize && images.hasNext()) {
      Row r = images.next();
      String path = r.getString(0);
      try {
        // the same preparation as `shinso predict` (grey, 28×28, inverted when light on dark)
        inputs.add(ImageInput.read(Path.of(path), (byte[]) r.get(1)).tensor());
      } catch (IOException e) {
        throw new UncheckedIOException(e.getMessage(), e);
      }
      paths.add(path);
    }
    float[] p;
    try (NoGrad _ = NoGrad.enter()) {
      p = net.forward(Tensor.cat(inputs, 0)).softmax(1).toFloatArray();
    }
    int classes = FashionMnist.CLASSES.size();
    for (int i = 0; i < paths.size(); i++) {
      int best = 0;
      for (int c = 1; c < classes; c++) if (p[i * classes + c] > p[i * classes + best]) best = c;
      ready.add(RowFactory.create(paths.get(i), FashionMnist.CLASSES.get(best), (double) p[i * classes + best]));
    }
  }
}
