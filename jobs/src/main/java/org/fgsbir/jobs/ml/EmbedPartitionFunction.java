package org.fgsbir.jobs.ml;

import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.List;
import org.apache.spark.TaskContext;
import org.apache.spark.api.java.function.FlatMapFunction;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.util.TaskCompletionListener;
import org.fgsbir.core.embed.Branch;
import org.fgsbir.core.embed.Embedder;
import org.fgsbir.core.embed.Embedders;
import org.fgsbir.core.embed.ModelSpec;
import org.fgsbir.core.image.ImageTensor;
import org.fgsbir.jobs.spark.PartitionIterator;

/**
 * The executor side of an {@link EmbedderStage}: opens one embedder per non-empty partition from the
 * spec (closed by a task completion listener, as the output is lazy), prepares rows, embeds them in
 * batches, and appends the vector, the stage's extra columns and, with {@code keep}, the reject columns.
 */
final class EmbedPartitionFunction implements FlatMapFunction<Iterator<Row>, Row> {
  private static final long serialVersionUID = 1L;

  private final ModelSpec spec;
  private final Branch branch;
  private final int batchSize;
  private final String handleInvalid;
  private final int inputIndex;
  private final int idIndex;
  private final int extraCount;
  private final RowPreparer.Factory preparers;

  EmbedPartitionFunction(ModelSpec spec, Branch branch, int batchSize, String handleInvalid, int inputIndex,
      int idIndex, int extraCount, RowPreparer.Factory preparers) {
    this.spec = spec;
    this.branch = branch;
    this.batchSize = batchSize;
    this.handleInvalid = handleInvalid;
    this.inputIndex = inputIndex;
    this.idIndex = idIndex;
    this.extraCount = extraCount;
    this.preparers = preparers;
  }

  @Override
  public Iterator<Row> call(Iterator<Row> rows) {
    if (!rows.hasNext()) {
      return Collections.emptyIterator(); // don't load a model for an empty partition
    }
    Embedder embedder = Embedders.open(spec, branch);
    TaskContext task = TaskContext.get();
    if (task != null) {
      // Output is lazy: closing must wait for the task's end, not for this method's return.
      task.addTaskCompletionListener((TaskCompletionListener) ctx -> embedder.close());
    }
    if (embedder.dimension() != spec.dimension()) {
      embedder.close();
      throw new IllegalStateException("Model " + spec.version() + " (engine " + spec.engine()
          + ") returns vectors of dimension " + embedder.dimension() + " but its spec says "
          + spec.dimension() + "; fix the model spec's dimension.");
    }
    RowPreparer preparer = preparers.open();
    int partition = task == null ? 0 : task.partitionId();
    boolean keep = EmbedderStage.KEEP.equals(handleInvalid);
    return new PartitionIterator<>() {
      private long position;

      @Override
      protected boolean fill() {
        if (!rows.hasNext()) {
          return false;
        }
        List<Row> accepted = new ArrayList<>(batchSize);
        List<RowPreparer.Accepted> inputs = new ArrayList<>(batchSize);
        while (rows.hasNext() && inputs.size() < batchSize) {
          Row row = rows.next();
          String id = idOf(row, partition, position++);
          RowPreparer.Prepared prepared = preparer.prepare(row, id);
          if (prepared instanceof RowPreparer.Rejected r) {
            if (keep) {
              emit(extend(row, null, null, r.code(), r.message()));
            } else if (!EmbedderStage.SKIP.equals(handleInvalid)) {
              throw new InvalidRowException(r.message() + " (handleInvalid=error; set handleInvalid to skip"
                  + " or keep to go on without this row)");
            }
            continue;
          }
          accepted.add(row);
          inputs.add((RowPreparer.Accepted) prepared);
        }
        if (!inputs.isEmpty()) {
          List<ImageTensor> tensors = new ArrayList<>(inputs.size());
          for (RowPreparer.Accepted a : inputs) {
            tensors.add(a.tensor());
          }
          float[][] vectors = embedder.embed(tensors);
          for (int i = 0; i < vectors.length; i++) {
            Row row = accepted.get(i);
            requireDimension(vectors[i], idOf(row, partition, -1));
            emit(extend(row, vectors[i], inputs.get(i).extras(), null, null));
          }
        }
        return true;
      }

      private Row extend(Row row, float[] vector, Object[] extras, String code, String message) {
        int n = row.length();
        Object[] values = new Object[n + 1 + extraCount + (keep ? 2 : 0)];
        for (int i = 0; i < n; i++) {
          values[i] = row.get(i);
        }
        values[n] = vector;
        if (extras != null) {
          System.arraycopy(extras, 0, values, n + 1, extraCount);
        }
        if (keep) {
          values[n + 1 + extraCount] = code;
          values[n + 2 + extraCount] = message;
        }
        return RowFactory.create(values);
      }
    };
  }

  private String idOf(Row row, int partition, long position) {
    if (idIndex >= 0 && !row.isNullAt(idIndex)) {
      return String.valueOf(row.get(idIndex));
    }
    Object input = row.get(inputIndex);
    if (input instanceof String s) {
      return s;
    }
    return position < 0 ? "in partition " + partition : "at partition " + partition + " row " + position;
  }

  private void requireDimension(float[] vector, String id) {
    if (vector == null || vector.length != spec.dimension()) {
      throw new IllegalStateException("Model " + spec.version() + " returned a vector of dimension "
          + (vector == null ? "null" : vector.length) + " for " + branch.name().toLowerCase() + " " + id
          + " but its spec says " + spec.dimension() + "; fix the model or its spec.");
    }
  }

  /** A bad row under {@code handleInvalid=error}: fails the task with the row's message. */
  static final class InvalidRowException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    InvalidRowException(String message) {
      super(message);
    }
  }
}
