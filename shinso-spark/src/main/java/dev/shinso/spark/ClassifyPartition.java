package dev.shinso.spark;

import java.util.Iterator;
import org.apache.spark.api.java.function.MapPartitionsFunction;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.sql.Row;

/** What each task runs: its partition of (path, content) rows through the executor's one copy of the model. */
record ClassifyPartition(Broadcast<byte[]> checkpoint, String model, int batchSize) implements MapPartitionsFunction<Row, Row> {
  @Override
  public Iterator<Row> call(Iterator<Row> images) {
    return new Batches(images, ExecutorModels.get(checkpoint, model).net(), batchSize);
  }
}
