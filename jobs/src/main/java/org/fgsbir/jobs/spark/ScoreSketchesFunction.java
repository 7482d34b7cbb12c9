package org.fgsbir.jobs.spark;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import org.apache.spark.TaskContext;
import org.apache.spark.api.java.function.FlatMapFunction;
import org.apache.spark.broadcast.Broadcast;
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
import org.fgsbir.core.retrieval.BlockScores;
import org.fgsbir.core.retrieval.Gallery;
import org.fgsbir.core.retrieval.RetrievalResult;
import org.fgsbir.core.retrieval.ScoringKernel;
import org.fgsbir.core.retrieval.ScoringKernels;
import org.fgsbir.core.retrieval.Similarity;
import org.fgsbir.core.sketch.Sketch;
import org.fgsbir.core.sketch.SketchFormat;
import org.fgsbir.core.sketch.SketchFormatException;
import org.fgsbir.core.sketch.SketchReaders;
import org.fgsbir.jobs.Schemas;

/**
 * The per-partition work of the score job: parses each sketch line (sketches of file-level formats come
 * parsed already), checks it can be scored (paired photo, gallery of its category holding that photo),
 * cuts it into partial sketches for every protocol, rasterises and embeds them in batches with one sketch
 * embedder per partition, and searches its category's gallery: the queries of one batch that share a
 * category go to a {@link ScoringKernel} as one block (cosine; ranks and top lists as
 * {@link org.fgsbir.core.retrieval.ExactRetrieval} defines them; each gallery packed once per partition).
 * Scores use the kernel's canonical arithmetic ({@link Similarity}), which may differ from
 * {@code ExactRetrieval}'s in the last bits; a rank can differ only where two scores are that close.
 * Emits one outcome row per (sketch,
 * protocol, step) scored, one per rejected record (a file-level file that cannot be parsed is one
 * rejected record), and one per sketch skipped because it belongs to another split.
 */
public final class ScoreSketchesFunction implements FlatMapFunction<Iterator<SketchInputs.Input>, Row> {
  private static final long serialVersionUID = 1L;

  /** Outcome of a scored query (one sketch at one step of one protocol). */
  public static final String RESULT = "result";
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

  /** Rows this function emits: the results columns and the rejects columns, all nullable but three. */
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
      DataTypes.createStructField(Schemas.RANK, DataTypes.IntegerType, true),
      DataTypes.createStructField(Schemas.GALLERY_SIZE, DataTypes.IntegerType, true),
      DataTypes.createStructField(Schemas.TOP_K_PHOTO_IDS,
          DataTypes.createArrayType(DataTypes.StringType, false), true),
      DataTypes.createStructField(Schemas.TOP_K_SCORES,
          DataTypes.createArrayType(DataTypes.FloatType, false), true),
      DataTypes.createStructField(Schemas.SOURCE, DataTypes.StringType, false),
      DataTypes.createStructField(Schemas.LINE, DataTypes.LongType, false),
      DataTypes.createStructField(Schemas.REASON_CODE, DataTypes.StringType, true),
      DataTypes.createStructField(Schemas.MESSAGE, DataTypes.StringType, true),
  });

  private final ModelSpec spec;
  private final String modelVersion;
  private final List<String> protocols;
  private final String split;
  private final String defaultCategory;
  private final int topK;
  private final int batchSize;
  private final Broadcast<? extends Map<String, Gallery>> galleries;

  /**
   * @param spec the model (only its sketch branch is opened)
   * @param modelVersion version of the galleries' embeddings (for messages)
   * @param protocols partial-sketch protocol names
   * @param split only sketches of this split, or null for all
   * @param defaultCategory category for records without one, or null
   * @param topK photos kept per query
   * @param batchSize rasters per embedder call
   * @param galleries gallery of each category
   */
  public ScoreSketchesFunction(ModelSpec spec, String modelVersion, List<String> protocols, String split,
      String defaultCategory, int topK, int batchSize, Broadcast<? extends Map<String, Gallery>> galleries) {
    this.spec = spec;
    this.modelVersion = modelVersion;
    this.protocols = List.copyOf(protocols);
    this.split = split;
    this.defaultCategory = defaultCategory;
    this.topK = topK;
    this.batchSize = batchSize;
    this.galleries = galleries;
  }

  /** One partial sketch waiting to be embedded and searched. */
  private record Query(Sketch sketch, PartialSketch step, Gallery gallery, int trueIndex, String source,
      long line, ImageTensor raster) {}

  @Override
  public Iterator<Row> call(Iterator<SketchInputs.Input> lines) {
    if (!lines.hasNext()) {
      return Collections.emptyIterator(); // don't load a model for an empty partition
    }
    List<PartialProtocol> cuts = new ArrayList<>();
    for (String p : protocols) {
      cuts.add(PartialProtocol.parse(p));
    }
    Map<String, Gallery> byCategory = galleries.value();
    ScoringKernel kernel = ScoringKernels.best();
    Embedder embedder = Embedders.open(spec, Branch.SKETCH);
    TaskContext task = TaskContext.get();
    if (task != null) {
      // Output is lazy: closing must wait for the task's end, not for this method's return.
      task.addTaskCompletionListener((TaskCompletionListener) ctx -> embedder.close());
    }
    return new PartitionIterator<>() {
      private final List<Query> pending = new ArrayList<>();
      /** Each category's gallery, packed for the kernel on first use in this partition. */
      private final Map<String, ScoringKernel.PreparedShard> shards = new HashMap<>();

      @Override
      protected boolean fill() {
        while (lines.hasNext() && pending.size() < batchSize) {
          take(lines.next());
        }
        if (pending.isEmpty()) {
          return lines.hasNext();
        }
        embedAndSearch();
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
              null, null, in.source(), in.line(), null, null));
          return;
        }
        String where = " (" + in.source() + (in.line() > 0 ? ":" + in.line() : "") + ")";
        if (sketch.photoId().isEmpty()) {
          emit(rejected(sketch.id(), in, NO_PAIRED_PHOTO, "Cannot score sketch " + sketch.id() + where
              + ": it names no photo_id, so there is no true photo to rank; add photo_id to the record."));
          return;
        }
        String photoId = sketch.photoId().get();
        Gallery gallery = byCategory.get(sketch.category());
        if (gallery == null) {
          emit(rejected(sketch.id(), in, NO_GALLERY, "Cannot score sketch " + sketch.id() + where
              + ": no photo of category '" + sketch.category() + "' was embedded with model version "
              + modelVersion + " (categories: " + new java.util.TreeSet<>(byCategory.keySet())
              + "); embed that category's photos first, or fix the sketch's category."));
          return;
        }
        int trueIndex = gallery.indexOf(photoId);
        if (trueIndex < 0) {
          emit(rejected(sketch.id(), in, PHOTO_NOT_IN_GALLERY, "Cannot score sketch " + sketch.id() + where
              + ": its photo " + photoId + " is not among the " + gallery.size() + " embedded '"
              + sketch.category() + "' photos of model version " + modelVersion
              + "; embed that photo (see the photo rejects table) or fix the sketch's photo_id."));
          return;
        }
        for (PartialProtocol cut : cuts) {
          for (PartialSketch step : cut.steps(sketch)) {
            ImageTensor raster = Rasterizer.render(step.drawn(), step.complete(), spec.sketch());
            pending.add(new Query(sketch, step, gallery, trueIndex, in.source(), in.line(), raster));
          }
        }
      }

      private void embedAndSearch() {
        List<ImageTensor> rasters = new ArrayList<>(pending.size());
        for (Query q : pending) {
          rasters.add(q.raster());
        }
        List<float[]> vectors = new ArrayList<>(pending.size());
        for (int from = 0; from < rasters.size(); from += batchSize) {
          float[][] batch = embedder.embed(rasters.subList(from, Math.min(rasters.size(), from + batchSize)));
          Collections.addAll(vectors, batch);
        }
        RetrievalResult[] found = search(vectors);
        for (int i = 0; i < pending.size(); i++) {
          Query q = pending.get(i);
          RetrievalResult r = found[i];
          String[] ids = new String[r.topCount()];
          for (int k = 0; k < ids.length; k++) {
            ids[k] = q.gallery().id(r.topIndices()[k]);
          }
          PartialSketch s = q.step();
          emit(RowFactory.create(RESULT, q.sketch().id(), q.sketch().photoId().get(), q.sketch().category(),
              s.protocol(), s.step(), s.stepsTotal(), s.strokesDrawn(), s.pointsDrawn(), s.fractionDrawn(),
              r.rank(), q.gallery().size(), ids, r.topScores(), q.source(), q.line(), null, null));
        }
        pending.clear();
      }

      /** The result of each pending query (parallel to {@code vectors}): one kernel block per gallery. */
      private RetrievalResult[] search(List<float[]> vectors) {
        Map<Gallery, List<Integer>> byGallery = new IdentityHashMap<>();
        for (int i = 0; i < pending.size(); i++) {
          byGallery.computeIfAbsent(pending.get(i).gallery(), g -> new ArrayList<>()).add(i);
        }
        RetrievalResult[] out = new RetrievalResult[pending.size()];
        for (Map.Entry<Gallery, List<Integer>> group : byGallery.entrySet()) {
          Gallery gallery = group.getKey();
          List<Integer> members = group.getValue();
          int d = gallery.dimension();
          ScoringKernel.PreparedShard shard = shards.computeIfAbsent(pending.get(members.get(0)).sketch().category(),
              c -> kernel.prepare(rowMajor(gallery), d, 0));
          float[] queries = new float[members.size() * d];
          float[] truths = new float[members.size() * d];
          for (int m = 0; m < members.size(); m++) {
            Query q = pending.get(members.get(m));
            float[] v = vectors.get(members.get(m));
            if (v.length != d) {
              throw new IllegalStateException("The sketch embedder returned a vector of dimension " + v.length
                  + " for sketch " + q.sketch().id() + " (" + q.source() + "), but the '" + q.sketch().category()
                  + "' gallery has dimension " + d + "; embed photos and sketches with the same model.");
            }
            System.arraycopy(v, 0, queries, m * d, d);
            System.arraycopy(gallery.vector(q.trueIndex()), 0, truths, m * d, d);
          }
          float[] thresholds = Similarity.COSINE.scores(queries, truths, d);
          BlockScores scores = kernel.score(shard, queries, thresholds, topK, Similarity.COSINE);
          for (int m = 0; m < members.size(); m++) {
            out[members.get(m)] = scores.result(m);
          }
        }
        return out;
      }
    };
  }

  /** The gallery's vectors, row-major. */
  private static float[] rowMajor(Gallery gallery) {
    int d = gallery.dimension();
    float[] all = new float[gallery.size() * d];
    for (int i = 0; i < gallery.size(); i++) {
      System.arraycopy(gallery.vector(i), 0, all, i * d, d);
    }
    return all;
  }

  private static Row rejected(String sketchId, SketchInputs.Input in, String code, String message) {
    return RowFactory.create(REJECTED, sketchId, null, null, null, null, null, null, null, null, null, null, null,
        null, in.source(), in.line(), code, message);
  }
}
