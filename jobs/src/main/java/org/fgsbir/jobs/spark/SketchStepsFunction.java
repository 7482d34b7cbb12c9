package org.fgsbir.jobs.spark;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import org.apache.spark.api.java.function.FlatMapFunction;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;
import org.fgsbir.core.partial.PartialProtocol;
import org.fgsbir.core.partial.PartialSketch;
import org.fgsbir.core.sketch.Sketch;
import org.fgsbir.core.sketch.SketchFormat;
import org.fgsbir.core.sketch.SketchFormatException;
import org.fgsbir.core.sketch.SketchReaders;
import org.fgsbir.jobs.Schemas;
import org.fgsbir.jobs.ml.SketchEmbedder;

/**
 * The first half of the score job, per partition: parses each sketch line (sketches of file-level formats come
 * parsed already), checks it can be scored at all (a paired photo, the requested split) and cuts it into partial
 * sketches for every protocol. Emits one {@link #STEP} row per (sketch, protocol, step) with the strokes drawn so
 * far and the complete sketch's strokes ({@link SketchEmbedder#strokeArrays}), which the job embeds with
 * {@link SketchEmbedder} ({@code completeCol} places each step in its finished drawing's frame); one
 * {@link #REJECTED} row per rejected record (a file-level file that cannot be parsed is one rejected record),
 * and one {@link #SKIPPED} row per sketch of another split. Searching the galleries is {@link ShardedScoring}'s
 * work; sketches whose photo the gallery lacks are rejected by the job after this.
 */
public final class SketchStepsFunction implements FlatMapFunction<Iterator<SketchInputs.Input>, Row> {
  private static final long serialVersionUID = 1L;

  /** Outcome of a query (one sketch at one step of one protocol), to be embedded and scored. */
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

  /** Column of a step's drawn strokes ({@link SketchEmbedder#STROKES_TYPE}). */
  public static final String DRAWN = "drawn";
  /** Column of the complete sketch's strokes, which place the drawn ones. */
  public static final String COMPLETE = "complete";

  /** Column holding the outcome. */
  public static final String OUTCOME = "outcome";

  /** Rows this function emits: the step columns with the strokes to embed and the rejects columns. */
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
      DataTypes.createStructField(DRAWN, SketchEmbedder.STROKES_TYPE, true),
      DataTypes.createStructField(COMPLETE, SketchEmbedder.STROKES_TYPE, true),
      DataTypes.createStructField(Schemas.SOURCE, DataTypes.StringType, false),
      DataTypes.createStructField(Schemas.LINE, DataTypes.LongType, false),
      DataTypes.createStructField(Schemas.REASON_CODE, DataTypes.StringType, true),
      DataTypes.createStructField(Schemas.MESSAGE, DataTypes.StringType, true),
  });

  private final List<String> protocols;
  private final String split;
  private final String defaultCategory;

  /**
   * @param protocols partial-sketch protocol names
   * @param split only sketches of this split, or null for all
   * @param defaultCategory category for records without one, or null
   */
  public SketchStepsFunction(List<String> protocols, String split, String defaultCategory) {
    this.protocols = List.copyOf(protocols);
    this.split = split;
    this.defaultCategory = defaultCategory;
  }

  @Override
  public Iterator<Row> call(Iterator<SketchInputs.Input> lines) {
    List<PartialProtocol> cuts = new ArrayList<>();
    for (String p : protocols) {
      cuts.add(PartialProtocol.parse(p));
    }
    return new PartitionIterator<>() {
      @Override
      protected boolean fill() {
        if (!lines.hasNext()) {
          return false;
        }
        take(lines.next());
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
          emit(RowFactory.create(SKIPPED, sketch.id(), null, null, null, null, null, null, null, null, null, null,
              in.source(), in.line(), null, null));
          return;
        }
        String where = " (" + in.source() + (in.line() > 0 ? ":" + in.line() : "") + ")";
        if (sketch.photoId().isEmpty()) {
          emit(rejected(sketch.id(), in, NO_PAIRED_PHOTO, "Cannot score sketch " + sketch.id() + where
              + ": it names no photo_id, so there is no true photo to rank; add photo_id to the record."));
          return;
        }
        float[][][] complete = SketchEmbedder.strokeArrays(sketch);
        for (PartialProtocol cut : cuts) {
          for (PartialSketch s : cut.steps(sketch)) {
            emit(RowFactory.create(STEP, sketch.id(), sketch.photoId().get(), sketch.category(), s.protocol(),
                s.step(), s.stepsTotal(), s.strokesDrawn(), s.pointsDrawn(), s.fractionDrawn(),
                SketchEmbedder.strokeArrays(s.drawn()), complete, in.source(), in.line(), null, null));
          }
        }
      }
    };
  }

  private static Row rejected(String sketchId, SketchInputs.Input in, String code, String message) {
    return RowFactory.create(REJECTED, sketchId, null, null, null, null, null, null, null, null, null, null, in.source(),
        in.line(), code, message);
  }
}
