package org.fgsbir.jobs.spark;

import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.List;
import org.apache.spark.TaskContext;
import org.apache.spark.api.java.function.FlatMapFunction;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.util.TaskCompletionListener;
import org.fgsbir.core.embed.Branch;
import org.fgsbir.core.embed.Embedder;
import org.fgsbir.core.embed.Embedders;
import org.fgsbir.core.embed.ModelSpec;
import org.fgsbir.core.image.ImageTensor;
import org.fgsbir.core.partial.PartialProtocol;
import org.fgsbir.core.partial.PartialSketch;
import org.fgsbir.core.raster.Rasterizer;
import org.fgsbir.core.sketch.Sketch;
import org.fgsbir.core.sketch.SketchFormat;
import org.fgsbir.core.sketch.SketchFormatException;
import org.fgsbir.core.sketch.SketchReaders;
import org.fgsbir.jobs.Schemas;

/**
 * The first half of the score job, per partition: parses each sketch line (sketches of file-level formats come
 * parsed already), checks it can be scored at all (a paired photo, the requested split), cuts it into partial
 * sketches for every protocol, and rasterises and embeds every step once, in batches, with one sketch embedder
 * per partition. Emits one {@link #STEP} row per (sketch, protocol, step) with its embedding, one
 * {@link #REJECTED} row per rejected record (a file-level file that cannot be parsed is one rejected record),
 * and one {@link #SKIPPED} row per sketch of another split. Searching the galleries is
 * {@link ShardedScoring}'s work; sketches whose photo the gallery lacks are rejected by the job after this.
 */
public final class EmbedStepsFunction implements FlatMapFunction<Iterator<SketchInputs.Input>, Row> {
  private static final long serialVersionUID = 1L;

  /** Outcome of an embedded query (one sketch at one step of one protocol), to be scored. */
  public static final String STEP = "step";
  /** Outcome of a record that cannot be scored. */
  public static final String REJECTED = "rejected";
  /** Outcome of a sketch of another split than the one requested. */
  public static final String SKIPPED = "skipped";

  /** Reason code: the line is not a valid sketch record, or a file-level file cannot be parsed. */
  public static final String MALFORMED = "malformed";
  /** Reason code: the sketch names no photo, so it has no retrieval target. */
  public static final String NO_PAIRED_PHOTO = "no_paired_photo";
  /** Reason code: no photo of the sketch's category was embedded with this model version. */
  public static final String NO_GALLERY = "no_gallery";
  /** Reason code: the sketch's photo is not among its category's embedded photos. */
  public static final String PHOTO_NOT_IN_GALLERY = "photo_not_in_gallery";

  /** Column holding the outcome. */
  public static final String OUTCOME = "outcome";

  /** Rows this function emits: the step columns with the embedding and the rejects columns. */
  public static final StructType OUTCOME_SCHEMA = new StructType(new StructField[] {
      DataTypes.createStructField(OUTCOME, DataTypes.StringType, false),
      DataTypes.createStructField(Schemas.SKETCH_ID, DataTypes.StringType, true),
      DataTypes.createStructField(Schemas.PHOTO_ID, DataTypes.StringType, true),
      DataTypes.createStructField(Schemas.CATEGORY, DataTypes.StringType, true),
      DataTypes.createStructField(Schemas.PROTOCOL, DataTypes.StringType, true),
      DataTypes.createStructField(Schemas.STEP, DataTypes.IntegerType, true),
      DataTypes.createStructField(Schemas.STEPS_TOTAL, DataTypes.IntegerType, true),
      DataTypes.createStructField(Schemas.STROKES_DRAWN, DataTypes.IntegerType, true),
      DataTypes.createStructField(Schemas.POINTS_DRAWN, DataTypes.IntegerType, true),
      DataTypes.createStructField(Schemas.FRACTION_DRAWN, DataTypes.DoubleType, true),
      DataTypes.createStructField(Schemas.EMBEDDING, DataTypes.createArrayType(DataTypes.FloatType, false), true),
      DataTypes.createStructField(Schemas.SOURCE, DataTypes.StringType, false),
      DataTypes.createStructField(Schemas.LINE, DataTypes.LongType, false),
      DataTypes.createStructField(Schemas.REASON_CODE, DataTypes.StringType, true),
      DataTypes.createStructField(Schemas.MESSAGE, DataTypes.StringType, true),
  });

  private final ModelSpec spec;
  private final List<String> protocols;
  private final String split;
  private final String defaultCategory;
  private final int batchSize;

  /**
   * @param spec the model (only its sketch branch is opened)
   * @param protocols partial-sketch protocol names
   * @param split only sketches of this split, or null for all
   * @param defaultCategory category for records without one, or null
   * @param batchSize rasters per embedder call
   */
  public EmbedStepsFunction(ModelSpec spec, List<String> protocols, String split, String defaultCategory,
      int batchSize) {
    this.spec = spec;
    this.protocols = List.copyOf(protocols);
    this.split = split;
    this.defaultCategory = defaultCategory;
    this.batchSize = batchSize;
  }

  /** One partial sketch waiting to be embedded (never shuffled). */
  private record Query(Sketch sketch, PartialSketch step, String source, long line, ImageTensor raster) {}

  @Override
  public Iterator<Row> call(Iterator<SketchInputs.Input> lines) {
    if (!lines.hasNext()) {
      return Collections.emptyIterator(); // don't load a model for an empty partition
    }
    List<PartialProtocol> cuts = new ArrayList<>();
    for (String p : protocols) {
      cuts.add(PartialProtocol.parse(p));
    }
    Embedder embedder = Embedders.open(spec, Branch.SKETCH);
    TaskContext task = TaskContext.get();
    if (task != null) {
      // Output is lazy: closing must wait for the task's end, not for this method's return.
      task.addTaskCompletionListener((TaskCompletionListener) ctx -> embedder.close());
    }
    return new PartitionIterator<>() {
      private final List<Query> pending = new ArrayList<>();

      @Override
      protected boolean fill() {
        while (lines.hasNext() && pending.size() < batchSize) {
          take(lines.next());
        }
        if (pending.isEmpty()) {
          return lines.hasNext();
        }
        embed();
        return true;
      }

      private void take(SketchInputs.Input in) {
        Sketch sketch;
        if (in instanceof SketchInputs.BadFile bad) {
          emit(rejected(null, in, MALFORMED, bad.message()));
          return;
        } else if (in instanceof SketchInputs.FileSketch parsed) {
          sketch = parsed.toSketch();
        } else {
          SketchInputs.Line line = (SketchInputs.Line) in;
          try {
            sketch = SketchReaders.parseLine(SketchFormat.valueOf(line.format()), line.source(), line.line(),
                line.text(), defaultCategory);
          } catch (SketchFormatException e) {
            emit(rejected(null, in, MALFORMED, e.getMessage()));
            return;
          }
        }
        if (split != null && !split.equals(sketch.split().orElse(null))) {
          emit(RowFactory.create(SKIPPED, sketch.id(), null, null, null, null, null, null, null, null, null,
              in.source(), in.line(), null, null));
          return;
        }
        String where = " (" + in.source() + (in.line() > 0 ? ":" + in.line() : "") + ")";
        if (sketch.photoId().isEmpty()) {
          emit(rejected(sketch.id(), in, NO_PAIRED_PHOTO, "Cannot score sketch " + sketch.id() + where
              + ": it names no photo_id, so there is no true photo to rank; add photo_id to the record."));
          return;
        }
        for (PartialProtocol cut : cuts) {
          for (PartialSketch step : cut.steps(sketch)) {
            ImageTensor raster = Rasterizer.render(step.drawn(), step.complete(), spec.sketch());
            pending.add(new Query(sketch, step, in.source(), in.line(), raster));
          }
        }
      }

      private void embed() {
        List<ImageTensor> rasters = new ArrayList<>(pending.size());
        for (Query q : pending) {
          rasters.add(q.raster());
        }
        List<float[]> vectors = new ArrayList<>(pending.size());
        for (int from = 0; from < rasters.size(); from += batchSize) {
          float[][] batch = embedder.embed(rasters.subList(from, Math.min(rasters.size(), from + batchSize)));
          Collections.addAll(vectors, batch);
        }
        for (int i = 0; i < pending.size(); i++) {
          Query q = pending.get(i);
          float[] v = vectors.get(i);
          if (v.length != spec.dimension()) {
            throw new IllegalStateException("The sketch embedder returned a vector of dimension " + v.length
                + " for sketch " + q.sketch().id() + " (" + q.source() + "), but model " + spec.version()
                + " declares dimension " + spec.dimension() + "; fix the model's dimension setting.");
          }
          PartialSketch s = q.step();
          emit(RowFactory.create(STEP, q.sketch().id(), q.sketch().photoId().get(), q.sketch().category(),
              s.protocol(), s.step(), s.stepsTotal(), s.strokesDrawn(), s.pointsDrawn(), s.fractionDrawn(), v,
              q.source(), q.line(), null, null));
        }
        pending.clear();
      }
    };
  }

  private static Row rejected(String sketchId, SketchInputs.Input in, String code, String message) {
    return RowFactory.create(REJECTED, sketchId, null, null, null, null, null, null, null, null, null, in.source(),
        in.line(), code, message);
  }
}
