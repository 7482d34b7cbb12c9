package org.fgsbir.jobs.spark;

import static org.apache.spark.sql.functions.col;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.apache.spark.Partitioner;
import org.apache.spark.TaskContext;
import org.apache.spark.api.java.JavaPairRDD;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.rdd.ShuffledRDD;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.catalyst.InternalRow;
import org.apache.spark.sql.catalyst.expressions.UnsafeArrayData;
import org.apache.spark.sql.catalyst.expressions.UnsafeProjection;
import org.apache.spark.sql.catalyst.expressions.UnsafeRow;
import org.apache.spark.sql.catalyst.util.ArrayData;
import org.apache.spark.sql.execution.UnsafeRowSerializer;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.storage.StorageLevel;
import org.apache.spark.unsafe.Platform;
import org.fgsbir.core.retrieval.BlockScores;
import org.fgsbir.core.retrieval.PartialResult;
import org.fgsbir.core.retrieval.ScoringKernel;
import org.fgsbir.core.retrieval.ScoringKernels;
import org.fgsbir.core.retrieval.Similarity;
import org.fgsbir.jobs.Schemas;
import scala.Tuple2;
import scala.reflect.ClassTag;
import scala.reflect.ClassTag$;

/**
 * Exact distributed scoring: every query against every gallery item of its category, with the exact rank of
 * its true photo and its top-K, without collecting a gallery anywhere.
 *
 * <p>The plan: the driver counts the queries and gallery photos per category (one stage that reads only the
 * category columns) and gives each category with queries {@code ceil(size / shardSize)} shards; a photo
 * belongs to shard {@code hash(photo id) mod shards} of its category, so shards hold about
 * {@link Options#shardSize} photos, and a custom partitioner sends shard s to partition s. The embeddings are read once, straight from
 * Spark's binary rows (no boxed floats), and shuffled once; photos of categories without queries are never
 * read. Each query first goes to the one shard holding its true photo, which computes its threshold (its
 * canonical score against the true photo); then it is co-partitioned with every shard of its category (one
 * copy per shard, never one row per query and photo). Each task sorts its shard by photo id, packs it once,
 * scores its queries in blocks of {@link Options#queryBlock} with the {@link ScoringKernel} and emits per
 * query a {@link PartialResult} (partial top-K and partial count); a reduceByKey merges them into the exact
 * global rank and top-K (ties by photo id). A task holds one shard plus one query block, whatever the
 * gallery's size; categories of any number and size each get their own shards.
 */
public final class ShardedScoring {
  private ShardedScoring() {}

  /** Column naming each query (unique) in the input and output. */
  public static final String QUERY_KEY = "query_key";

  /** Shard size when none is given. */
  public static final int DEFAULT_SHARD_SIZE = 50_000;

  /** Queries per kernel call. */
  public static final int DEFAULT_QUERY_BLOCK = 1024;

  /** The gallery columns the shards receive, in this order. */
  private static final StructType GALLERY_ROW = new StructType(new StructField[] {
      DataTypes.createStructField(Schemas.CATEGORY, DataTypes.StringType, true),
      DataTypes.createStructField(Schemas.PHOTO_ID, DataTypes.StringType, true),
      DataTypes.createStructField(Schemas.EMBEDDING, DataTypes.createArrayType(DataTypes.FloatType), true),
  });

  /** The output: one row per query. */
  public static final StructType OUTPUT = new StructType(new StructField[] {
      DataTypes.createStructField(QUERY_KEY, DataTypes.StringType, false),
      DataTypes.createStructField(Schemas.RANK, DataTypes.IntegerType, false),
      DataTypes.createStructField(Schemas.GALLERY_SIZE, DataTypes.IntegerType, false),
      DataTypes.createStructField(Schemas.TOP_K_PHOTO_IDS, DataTypes.createArrayType(DataTypes.StringType, false),
          false),
      DataTypes.createStructField(Schemas.TOP_K_SCORES, DataTypes.createArrayType(DataTypes.FloatType, false),
          false),
  });

  /**
   * How to score.
   *
   * @param topK photos kept per query, at least 1
   * @param similarity cosine (dot product of unit vectors; higher is closer) or l2 (squared Euclidean
   *     distance; lower is closer, and the top-K scores are squared distances)
   * @param shardSize gallery items per shard (per task) on average, at least 1
   * @param queryBlock queries per kernel call, at least 1
   * @param dimension length of every vector
   */
  public record Options(int topK, Similarity similarity, int shardSize, int queryBlock, int dimension) {
    /** Validates the values. */
    public Options {
      Objects.requireNonNull(similarity, "similarity");
      if (topK < 1) {
        throw new IllegalArgumentException("top-k must be >= 1 but was " + topK);
      }
      if (shardSize < 1) {
        throw new IllegalArgumentException("shard size must be >= 1 but was " + shardSize);
      }
      if (queryBlock < 1) {
        throw new IllegalArgumentException("query block must be >= 1 but was " + queryBlock);
      }
      if (dimension < 1) {
        throw new IllegalArgumentException("dimension must be >= 1 but was " + dimension);
      }
      if ((long) shardSize * dimension > Integer.MAX_VALUE - 8) {
        throw new IllegalArgumentException("A shard of " + shardSize + " vectors of dimension " + dimension
            + " does not fit one Java array; lower the shard size (score.shard-size) to at most "
            + (Integer.MAX_VALUE - 8) / dimension + ".");
      }
    }

    /** Options with the default query block. */
    public static Options of(int topK, Similarity similarity, int shardSize, int dimension) {
      return new Options(topK, similarity, shardSize, DEFAULT_QUERY_BLOCK, dimension);
    }
  }

  /**
   * Scores every query against the gallery of its category.
   *
   * @param queries columns {@value #QUERY_KEY} (string, unique), {@code category}, {@code photo_id} (the
   *     true photo, which the gallery of that category must hold) and {@code embedding} (array of float)
   * @param gallery columns {@code photo_id} (unique within a category), {@code category} and
   *     {@code embedding}; other columns are ignored
   * @return one row per query, schema {@link #OUTPUT}: rank of the true photo (items at least as close, the
   *     true photo included), gallery size of the category, top-K photo ids and their scores, closest
   *     first, ties by photo id; computed before this returns and persisted (unpersist it when done)
   * @throws IllegalArgumentException on the driver if a column is missing or of another type; when the
   *     result is computed (as the cause of Spark's exception) for a vector of another dimension, a repeated
   *     photo id, a query whose category has no gallery or whose true photo the gallery lacks
   */
  public static Dataset<Row> score(SparkSession spark, Dataset<Row> queries, Dataset<Row> gallery,
      Options options) {
    DataType vector = DataTypes.createArrayType(DataTypes.FloatType);
    requireColumn(queries, "queries", QUERY_KEY, DataTypes.StringType);
    requireColumn(queries, "queries", Schemas.CATEGORY, DataTypes.StringType);
    requireColumn(queries, "queries", Schemas.PHOTO_ID, DataTypes.StringType);
    requireColumn(queries, "queries", Schemas.EMBEDDING, vector);
    requireColumn(gallery, "gallery", Schemas.CATEGORY, DataTypes.StringType);
    requireColumn(gallery, "gallery", Schemas.PHOTO_ID, DataTypes.StringType);
    requireColumn(gallery, "gallery", Schemas.EMBEDDING, vector);
    JavaSparkContext jsc = JavaSparkContext.fromSparkContext(spark.sparkContext());
    int d = options.dimension();
    Similarity similarity = options.similarity();

    // 1. The plan, from one count in one stage (no shuffle; only the category columns are read): the
    // categories that have queries, and the gallery size of each.
    List<Map<String, Long>> counts = countByCategory(queries, gallery);
    Map<String, Long> sizes = new HashMap<>(counts.get(1));
    sizes.keySet().retainAll(counts.get(0).keySet());
    Dataset<Row> wanted = gallery.where(col(Schemas.CATEGORY).isin(sizes.keySet().toArray()));
    Plan plan = Plan.of(sizes, options.shardSize());
    ShardPartitioner partitioner = new ShardPartitioner(Math.max(1, plan.shardCount()));

    // 2. The gallery photos of those categories, each to its shard: one read, and one shuffle of Spark's own
    // binary rows with Spark SQL's row serializer (as its exchanges do), so no per-photo Java objects are
    // made or serialised. The rows are not copied: both shuffle writers this serializer gets (bypass-merge
    // and unsafe) serialise each record before the next one is read.
    JavaRDD<Tuple2<Integer, InternalRow>> keyed = binaryRows(wanted.select(Schemas.CATEGORY, Schemas.PHOTO_ID,
        Schemas.EMBEDDING)).mapPartitions(rows -> {
          return new Iterator<Tuple2<Integer, InternalRow>>() {
            private UnsafeProjection toUnsafe; // only if the plan hands out other rows (it did not in tests)

            @Override
            public boolean hasNext() {
              return rows.hasNext();
            }

            @Override
            public Tuple2<Integer, InternalRow> next() {
              InternalRow r = rows.next();
              String category = string(r, 0, "gallery photo", "category", "");
              String photoId = string(r, 1, "gallery photo of category '" + category + "'", "photo_id", "");
              String what = "photo " + photoId + " of category '" + category + "'";
              checkVector(r, 2, d, what);
              if (!(r instanceof UnsafeRow)) {
                toUnsafe = toUnsafe == null ? UnsafeProjection.create(GALLERY_ROW) : toUnsafe;
                r = toUnsafe.apply(r);
              }
              return new Tuple2<>(plan.shardOf(category, photoId, what), r);
            }
          };
        });
    ClassTag<Integer> intTag = ClassTag$.MODULE$.apply(Integer.class);
    ClassTag<InternalRow> rowTag = ClassTag$.MODULE$.apply(InternalRow.class);
    JavaPairRDD<Integer, InternalRow> shards = JavaPairRDD.fromRDD(
        new ShuffledRDD<Integer, InternalRow, InternalRow>(keyed.rdd(), partitioner, intTag, rowTag, rowTag)
            .setSerializer(new UnsafeRowSerializer(GALLERY_ROW.size(), null)), intTag, rowTag);

    // 3. Thresholds: each query visits the shard of its true photo once, for its canonical score against it.
    JavaPairRDD<Integer, Query> routed = binaryRows(queries.select(QUERY_KEY, Schemas.CATEGORY,
        Schemas.PHOTO_ID, Schemas.EMBEDDING)).mapToPair(r -> {
          String key = string(r, 0, "query", QUERY_KEY, "");
          String category = string(r, 1, "query " + key, "category", "");
          String truth = string(r, 2, "query " + key, "photo_id", " (its true photo)");
          String where = "query " + key + " (category " + category + ", photo " + truth + ")";
          if (!plan.categoryShards.containsKey(category)) {
            throw new IllegalArgumentException("Cannot score " + where + ": the gallery holds no photo of category '"
                + category + "'; embed that category's photos or drop its queries.");
          }
          return new Tuple2<>(plan.shardOf(category, truth, where),
              new Query(key, category, truth, Float.NaN, vector(r, 3, d, where)));
        }).partitionBy(partitioner);
    JavaRDD<Query> withThresholds = shards.zipPartitions(routed,
        (rows, visits) -> thresholds(rows, visits, plan, d, similarity));

    // 4. Every query with every shard of its category; one task per shard scores its queries block by block.
    Map<String, int[]> shardsOf = plan.categoryShards; // category -> {first shard, shard count, size}
    JavaPairRDD<Integer, Query> copies = withThresholds.flatMapToPair(q -> {
      int[] range = shardsOf.get(q.category);
      List<Tuple2<Integer, Query>> out = new ArrayList<>(range[1]);
      for (int s = range[0]; s < range[0] + range[1]; s++) {
        out.add(new Tuple2<>(s, q));
      }
      return out.iterator();
    }).partitionBy(partitioner);
    int topK = options.topK();
    int block = options.queryBlock();
    JavaPairRDD<String, PartialResult> partials = JavaPairRDD.fromJavaRDD(shards.zipPartitions(copies,
        (rows, shardCopies) -> scoreShard(rows, shardCopies, plan, d, topK, block, similarity)));

    // 5. Merge: exact rank = sum of counts, top-K = best of the partial top-Ks.
    JavaRDD<Row> rows = partials.reduceByKey(PartialResult::merge, jsc.defaultParallelism()).map(t -> {
      PartialResult r = t._2();
      return RowFactory.create(t._1(), r.rank(), Math.toIntExact(r.itemsScored()), r.topIds(), r.topScores());
    });
    // Kept: the caller's actions must not redo the shuffles and the scoring.
    Dataset<Row> result = spark.createDataFrame(rows, OUTPUT).persist(StorageLevel.MEMORY_AND_DISK());
    result.count();
    return result;
  }

  /**
   * Rows per non-null category of each frame, counted in one stage without a shuffle (only the category
   * columns are read). A query without a category fails later, naming its key; a photo without one belongs
   * to no gallery.
   */
  private static List<Map<String, Long>> countByCategory(Dataset<Row> first, Dataset<Row> second) {
    JavaRDD<InternalRow> a = binaryRows(first.select(Schemas.CATEGORY));
    int firstPartitions = a.getNumPartitions(); // a union lists the first RDD's partitions first
    List<Map<String, Long>> total = List.of(new HashMap<>(), new HashMap<>());
    for (Tuple2<Integer, HashMap<String, Long>> part : a.union(binaryRows(second.select(Schemas.CATEGORY)))
        .mapPartitionsWithIndex((index, rows) -> {
          HashMap<String, Long> counts = new HashMap<>();
          while (rows.hasNext()) {
            InternalRow r = rows.next();
            if (!r.isNullAt(0)) {
              counts.merge(r.getUTF8String(0).toString(), 1L, Long::sum);
            }
          }
          return List.of(new Tuple2<>(index < firstPartitions ? 0 : 1, counts)).iterator();
        }, false).collect()) {
      part._2().forEach((category, count) -> total.get(part._1()).merge(category, count, Long::sum));
    }
    return total;
  }

  /**
   * The rows of {@code frame} as Spark's binary rows: embeddings come out as float arrays without boxing
   * every component (the external {@link Row} path makes a {@code Float} object per value). The rows are
   * reused by Spark's iterator, so callers copy what they keep at once.
   */
  private static JavaRDD<InternalRow> binaryRows(Dataset<Row> frame) {
    return frame.queryExecution().toRdd().toJavaRDD();
  }

  private static String string(InternalRow r, int field, String what, String column, String note) {
    if (r.isNullAt(field)) {
      throw new IllegalArgumentException("Cannot score: a " + what + " has no " + column + note + " (null); fill it"
          + " in or drop the row.");
    }
    return r.getUTF8String(field).toString();
  }

  /** The vector in {@code field}, checked by {@link #checkVector}. */
  private static float[] vector(InternalRow r, int field, int d, String what) {
    checkVector(r, field, d, what);
    return r.getArray(field).toFloatArray();
  }

  /** Fails, naming the record, unless {@code field} holds {@code d} finite floats. */
  private static void checkVector(InternalRow r, int field, int d, String what) {
    if (r.isNullAt(field)) {
      throw new IllegalArgumentException("The vector of " + what + " is missing (null); re-embed it.");
    }
    ArrayData values = r.getArray(field);
    if (values.numElements() != d) {
      throw new IllegalArgumentException("The vector of " + what + " has dimension " + values.numElements()
          + " but " + d + " was expected; embed photos and sketches with the same model.");
    }
    for (int j = 0; j < d; j++) {
      if (values.isNullAt(j) || !Float.isFinite(values.getFloat(j))) {
        throw new IllegalArgumentException("The vector of " + what + " has value "
            + (values.isNullAt(j) ? "null" : String.valueOf(values.getFloat(j))) + " at component " + j
            + "; vectors must be finite: re-embed it.");
      }
    }
  }

  /** Copies a vector of {@code d} floats (already checked) into {@code target} at {@code offset}. */
  private static void copyVector(ArrayData values, float[] target, int offset, int d) {
    if (values instanceof UnsafeArrayData u) {
      Platform.copyMemory(u.getBaseObject(), u.getBaseOffset() + UnsafeArrayData.calculateHeaderPortionInBytes(d),
          target, Platform.FLOAT_ARRAY_OFFSET + 4L * offset, 4L * d);
    } else {
      for (int j = 0; j < d; j++) {
        target[offset + j] = values.getFloat(j);
      }
    }
  }

  /** One shard's photos in id order, as one row-major array. */
  private static final class ShardItems {
    final String[] ids;
    final float[] vectors;

    private ShardItems(String[] ids, float[] vectors) {
      this.ids = ids;
      this.vectors = vectors;
    }

    /**
     * Reads this task's shard (rows of {@link #GALLERY_ROW}, reused by the reader, so copied at once);
     * {@code null} if it is empty. Fails on a photo id that repeats.
     */
    static ShardItems read(Iterator<Tuple2<Integer, InternalRow>> rows, Plan plan, int d) {
      int shard = TaskContext.getPartitionId();
      List<String> arrived = new ArrayList<>();
      // Vectors in arrival order, copied straight out of the binary rows (no array per photo).
      float[] buffer = new float[(int) Math.min(Integer.MAX_VALUE - 8,
          (long) Math.max(1, plan.expectedShardSize(shard)) * d)];
      while (rows.hasNext()) {
        InternalRow r = rows.next()._2();
        int at = arrived.size() * d;
        if (at + d > buffer.length) {
          if ((long) buffer.length * 3 / 2 + d > Integer.MAX_VALUE - 8) {
            throw new IllegalArgumentException("Gallery shard " + shard + " of category '" + plan.categoryOf(shard)
                + "' holds more than " + arrived.size() + " photos of dimension " + d + ", more than one Java"
                + " array; lower the shard size (score.shard-size).");
          }
          buffer = Arrays.copyOf(buffer, (int) ((long) buffer.length * 3 / 2 + d));
        }
        copyVector(r.getArray(2), buffer, at, d);
        arrived.add(r.getUTF8String(1).toString());
      }
      if (arrived.isEmpty()) {
        return null;
      }
      Integer[] order = new Integer[arrived.size()];
      Arrays.setAll(order, i -> i);
      Arrays.sort(order, (a, b) -> arrived.get(a).compareTo(arrived.get(b)));
      String[] ids = new String[order.length];
      float[] vectors = new float[order.length * d];
      for (int i = 0; i < order.length; i++) {
        ids[i] = arrived.get(order[i]);
        if (i > 0 && ids[i].equals(ids[i - 1])) {
          throw duplicate(ids[i], plan.categoryOf(shard));
        }
        System.arraycopy(buffer, order[i] * d, vectors, i * d, d);
      }
      return new ShardItems(ids, vectors);
    }
  }

  /** The queries whose true photo is in this shard, each with its threshold. */
  private static Iterator<Query> thresholds(Iterator<Tuple2<Integer, InternalRow>> rows,
      Iterator<Tuple2<Integer, Query>> visits, Plan plan, int d, Similarity similarity) {
    if (!visits.hasNext()) {
      return Collections.emptyIterator();
    }
    ShardItems shard = ShardItems.read(rows, plan, d);
    return new Iterator<>() {
      @Override
      public boolean hasNext() {
        return visits.hasNext();
      }

      @Override
      public Query next() {
        Query q = visits.next()._2();
        int at = shard == null ? -1 : Arrays.binarySearch(shard.ids, q.truth);
        if (at < 0) {
          throw new IllegalArgumentException("Cannot score query " + q.key + " (category " + q.category + ", photo "
              + q.truth + "): its true photo is not in the '" + q.category + "' gallery ("
              + plan.categoryShards.get(q.category)[2] + " photos), so it has no rank; drop the query or embed"
              + " the photo.");
        }
        return new Query(q.key, q.category, q.truth, similarity.scoreAt(q.vector, 0, shard.vectors, at * d, d),
            q.vector);
      }
    };
  }

  private static IllegalArgumentException duplicate(String photoId, String category) {
    return new IllegalArgumentException("Photo id " + photoId + " appears more than once in the '" + category
        + "' gallery; photo ids must be unique within a category (deduplicate the embeddings).");
  }

  private static Iterator<Tuple2<String, PartialResult>> scoreShard(Iterator<Tuple2<Integer, InternalRow>> rows,
      Iterator<Tuple2<Integer, Query>> copies, Plan plan, int d, int topK, int block, Similarity similarity) {
    if (!copies.hasNext()) {
      return Collections.emptyIterator(); // no query of this category: nothing to pack
    }
    ShardItems shard = ShardItems.read(rows, plan, d);
    if (shard == null) {
      // Hashing left this shard of a small category empty: its queries get an empty part.
      return new PartitionIterator<>() {
        @Override
        protected boolean fill() {
          if (!copies.hasNext()) {
            return false;
          }
          emit(new Tuple2<>(copies.next()._2().key, PartialResult.empty(similarity, topK)));
          return true;
        }
      };
    }
    String[] ids = shard.ids;
    ScoringKernel kernel = ScoringKernels.best();
    ScoringKernel.PreparedShard packed = kernel.prepare(shard.vectors, d, 0);
    return new PartitionIterator<>() {
      @Override
      protected boolean fill() {
        List<Query> pending = new ArrayList<>(block);
        while (copies.hasNext() && pending.size() < block) {
          pending.add(copies.next()._2());
        }
        if (pending.isEmpty()) {
          return false;
        }
        float[] qs = new float[pending.size() * d];
        float[] thresholds = new float[pending.size()];
        for (int m = 0; m < pending.size(); m++) {
          System.arraycopy(pending.get(m).vector, 0, qs, m * d, d);
          thresholds[m] = pending.get(m).threshold;
        }
        BlockScores scores = kernel.score(packed, qs, thresholds, topK, similarity);
        for (int m = 0; m < pending.size(); m++) {
          emit(new Tuple2<>(pending.get(m).key, PartialResult.of(scores, m, ids.length, i -> ids[i])));
        }
        return true;
      }
    };
  }

  private static void requireColumn(Dataset<Row> data, String what, String name, DataType type) {
    StructType schema = data.schema();
    if (!Arrays.asList(schema.fieldNames()).contains(name)) {
      throw new IllegalArgumentException("The " + what + " need a column " + name + " of type "
          + type.simpleString() + " but have only " + Arrays.toString(schema.fieldNames()));
    }
    DataType actual = schema.apply(name).dataType();
    if (!actual.sameType(type)) {
      throw new IllegalArgumentException("Column " + name + " of the " + what + " must be of type "
          + type.simpleString() + " but was " + actual.simpleString());
    }
  }

  /** Where the shards are: per category its first shard, shard count and size. */
  private static final class Plan implements Serializable {
    private static final long serialVersionUID = 2L;
    final HashMap<String, int[]> categoryShards = new HashMap<>();
    String[] shardCategory;

    /** From the photo count of each category. */
    static Plan of(Map<String, Long> sizes, int shardSize) {
      Plan plan = new Plan();
      List<String> owners = new ArrayList<>();
      for (Map.Entry<String, Long> e : new java.util.TreeMap<>(sizes).entrySet()) {
        String category = e.getKey();
        long size = e.getValue();
        if (size > Integer.MAX_VALUE - 8) {
          throw new IllegalArgumentException("The '" + category + "' gallery holds " + size + " photos, more than "
              + (Integer.MAX_VALUE - 8) + "; split the category.");
        }
        int count = (int) ((size + shardSize - 1) / shardSize);
        plan.categoryShards.put(category, new int[] {owners.size(), count, (int) size});
        for (int s = 0; s < count; s++) {
          owners.add(category);
        }
      }
      plan.shardCategory = owners.toArray(new String[0]);
      return plan;
    }

    int shardCount() {
      return shardCategory.length;
    }

    String categoryOf(int shard) {
      return shardCategory[shard];
    }

    /** About how many photos hashing puts into a shard (its category's mean, plus a little). */
    int expectedShardSize(int shard) {
      int[] range = categoryShards.get(shardCategory[shard]);
      long mean = (range[2] + (long) range[1] - 1) / range[1];
      return (int) Math.min(Integer.MAX_VALUE / 2, mean + mean / 16 + 16);
    }

    /**
     * The shard of a photo: a mixed hash of its id (String.hashCode is fixed by the Java spec, so every JVM
     * agrees) modulo the category's shard count.
     *
     * @throws IllegalStateException if the category was not counted: the gallery changed between the plan
     *     and the read (a non-deterministic input)
     */
    int shardOf(String category, String photoId, String what) {
      int[] range = categoryShards.get(category);
      if (range == null) {
        throw new IllegalStateException("Cannot score " + what + ": category '" + category + "' was not in the"
            + " gallery when it was counted; the gallery or queries changed while scoring (persist a"
            + " non-deterministic input before scoring it).");
      }
      int h = photoId.hashCode() * 0x9E3779B1;
      h ^= h >>> 16;
      return range[0] + Math.floorMod(h, range[1]);
    }
  }

  /** A query, with its threshold once the shard of its true photo computed it (shuffled: a plain class). */
  static final class Query implements Serializable {
    private static final long serialVersionUID = 2L;
    final String key;
    final String category;
    final String truth;
    final float threshold;
    final float[] vector;

    Query(String key, String category, String truth, float threshold, float[] vector) {
      this.key = key;
      this.category = category;
      this.truth = truth;
      this.threshold = threshold;
      this.vector = vector;
    }
  }

  /** Sends global shard s to partition s. */
  static final class ShardPartitioner extends Partitioner {
    private static final long serialVersionUID = 1L;
    private final int shards;

    ShardPartitioner(int shards) {
      this.shards = shards;
    }

    @Override
    public int numPartitions() {
      return shards;
    }

    @Override
    public int getPartition(Object key) {
      return (Integer) key;
    }

    @Override
    public boolean equals(Object o) {
      return o instanceof ShardPartitioner p && p.shards == shards;
    }

    @Override
    public int hashCode() {
      return shards;
    }
  }
}
