package org.fgsbir.jobs.spark;

import static org.apache.spark.sql.functions.broadcast;
import static org.apache.spark.sql.functions.col;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.apache.spark.Partitioner;
import org.apache.spark.api.java.JavaPairRDD;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.storage.StorageLevel;
import org.fgsbir.core.retrieval.BlockScores;
import org.fgsbir.core.retrieval.PartialResult;
import org.fgsbir.core.retrieval.ScoringKernel;
import org.fgsbir.core.retrieval.ScoringKernels;
import org.fgsbir.core.retrieval.Similarity;
import org.fgsbir.jobs.Schemas;
import scala.Tuple2;

/**
 * Exact distributed scoring: every query against every gallery item of its category, with the exact rank of
 * its true photo and its top-K, without collecting a gallery anywhere.
 *
 * <p>The plan: the gallery is numbered per category in photo-id order (a range sort, then per-partition
 * category counts collected to the driver: a few numbers per partition) and cut into shards of
 * {@link Options#shardSize} items; a custom partitioner sends shard s to partition s. Each query's threshold
 * (its canonical score against its true photo, joined from the gallery) is computed once, and the query is
 * co-partitioned with every shard of its category (one copy per shard, never one row per query and
 * photo). Each task packs its shard once, scores its queries in blocks of {@link Options#queryBlock} with the
 * {@link ScoringKernel} and emits per query a {@link PartialResult} (partial top-K and partial count); a
 * reduceByKey merges them into the exact global rank and top-K. A task holds one shard plus one query
 * block, whatever the gallery's size; categories of any number and size each get their own shards.
 */
public final class ShardedScoring {
  private ShardedScoring() {}

  /** Column naming each query (unique) in the input and output. */
  public static final String QUERY_KEY = "query_key";

  /** Shard size when none is given. */
  public static final int DEFAULT_SHARD_SIZE = 50_000;

  /** Queries per kernel call. */
  public static final int DEFAULT_QUERY_BLOCK = 1024;

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
   * @param shardSize gallery items per shard (per task), at least 1
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
    int shardSize = options.shardSize();

    // 1. The gallery in (category, photo id) order, compact, kept for the two passes below.
    JavaRDD<Item> sorted = gallery.select(Schemas.CATEGORY, Schemas.PHOTO_ID, Schemas.EMBEDDING)
        .orderBy(Schemas.CATEGORY, Schemas.PHOTO_ID)
        .javaRDD()
        .map(r -> new Item(r.getString(0), r.getString(1), vector(r.getList(2), d, "photo " + r.getString(1)
            + " of category " + r.getString(0))))
        .persist(StorageLevel.MEMORY_AND_DISK_SER());
    try {
      // 2. Per partition, the length of each category's run (sorted: runs are contiguous and in order).
      List<Run> runs = sorted.mapPartitionsWithIndex(ShardedScoring::runs, true).collect();
      Plan plan = Plan.of(runs, shardSize);

      // 3. Gallery items keyed by global shard number; shard s goes to partition s.
      ShardPartitioner partitioner = new ShardPartitioner(Math.max(1, plan.shardCount()));
      Map<String, long[]> startOf = plan.runStarts; // "partition/category" -> first local index of the run
      JavaPairRDD<Integer, Item> shards = sorted.mapPartitionsWithIndex((p, it) -> {
        List<Tuple2<Integer, Item>> out = new ArrayList<>();
        String category = null;
        long next = 0;
        while (it.hasNext()) {
          Item item = it.next();
          if (!item.category.equals(category)) {
            category = item.category;
            next = startOf.get(p + "/" + category)[0];
          }
          int local = Math.toIntExact(next++);
          out.add(new Tuple2<>(plan.shardOf(category, local), item.withIndex(local)));
        }
        return out.iterator();
      }, true).mapToPair(t -> t).partitionBy(partitioner);

      // 4. Thresholds: each query's canonical score against its true photo.
      Similarity similarity = options.similarity();
      Dataset<Row> truths = gallery.select(col(Schemas.CATEGORY), col(Schemas.PHOTO_ID),
              col(Schemas.EMBEDDING).as("true_embedding"))
          .join(broadcast(queries.select(Schemas.CATEGORY, Schemas.PHOTO_ID).distinct()),
              scala.jdk.javaapi.CollectionConverters.asScala(List.of(Schemas.CATEGORY, Schemas.PHOTO_ID)).toSeq());
      Dataset<Row> withTruth = queries.select(QUERY_KEY, Schemas.CATEGORY, Schemas.PHOTO_ID, Schemas.EMBEDDING)
          .join(truths, scala.jdk.javaapi.CollectionConverters.asScala(
              List.of(Schemas.CATEGORY, Schemas.PHOTO_ID)).toSeq(), "left")
          .select(QUERY_KEY, Schemas.CATEGORY, Schemas.PHOTO_ID, Schemas.EMBEDDING, "true_embedding");
      Map<String, int[]> shardsOf = plan.categoryShards; // category -> {first shard, shard count, size}
      JavaPairRDD<Integer, Query> queryCopies = withTruth.javaRDD().flatMapToPair(r -> {
        String key = r.getString(0);
        String category = r.getString(1);
        String where = "query " + key + " (category " + category + ", photo " + r.getString(2) + ")";
        int[] range = shardsOf.get(category);
        if (range == null) {
          throw new IllegalArgumentException("Cannot score " + where + ": the gallery holds no photo of category '"
              + category + "'; embed that category's photos or drop its queries.");
        }
        if (r.isNullAt(4)) {
          throw new IllegalArgumentException("Cannot score " + where + ": its true photo is not in the '" + category
              + "' gallery (" + range[2] + " photos), so it has no rank; drop the query or embed the photo.");
        }
        float[] q = vector(r.getList(3), d, where);
        float threshold = similarity.score(q, vector(r.getList(4), d, "true photo of " + where));
        Query query = new Query(key, threshold, q);
        List<Tuple2<Integer, Query>> copies = new ArrayList<>(range[1]);
        for (int s = range[0]; s < range[0] + range[1]; s++) {
          copies.add(new Tuple2<>(s, query));
        }
        return copies.iterator();
      }).partitionBy(partitioner);

      // 5. One task per shard: pack it, score its queries block by block, emit partial results.
      int[] shardFirst = plan.shardFirst;
      int[] shardLength = plan.shardLength;
      int topK = options.topK();
      int block = options.queryBlock();
      JavaPairRDD<String, PartialResult> partials = JavaPairRDD.fromJavaRDD(shards.zipPartitions(queryCopies,
          (items, copies) -> scoreShard(items, copies, shardFirst, shardLength, d, topK, block, similarity)));

      // 6. Merge: exact rank = sum of counts, top-K = best of the partial top-Ks.
      JavaRDD<Row> rows = partials.reduceByKey(PartialResult::merge, jsc.defaultParallelism()).map(t -> {
        PartialResult r = t._2();
        return RowFactory.create(t._1(), r.rank(), Math.toIntExact(r.itemsScored()), r.topIds(), r.topScores());
      });
      // Kept: the caller's actions must not redo the sort and scoring after the persisted gallery is dropped.
      Dataset<Row> result = spark.createDataFrame(rows, OUTPUT).persist(StorageLevel.MEMORY_AND_DISK());
      result.count();
      return result;
    } finally {
      sorted.unpersist(false);
    }
  }

  private static Iterator<Tuple2<String, PartialResult>> scoreShard(Iterator<Tuple2<Integer, Item>> items,
      Iterator<Tuple2<Integer, Query>> copies, int[] shardFirst, int[] shardLength, int d, int topK, int block,
      Similarity similarity) {
    if (!copies.hasNext()) {
      return Collections.emptyIterator(); // no query of this category: nothing to pack
    }
    if (!items.hasNext()) {
      throw new IllegalStateException("A gallery shard received queries but no items; this is a bug, please"
          + " report it.");
    }
    Tuple2<Integer, Item> firstItem = items.next();
    int shard = firstItem._1();
    int first = shardFirst[shard];
    int size = shardLength[shard];
    float[] vectors = new float[size * d];
    String[] ids = new String[size];
    int filled = 0;
    for (Tuple2<Integer, Item> t = firstItem; t != null; t = items.hasNext() ? items.next() : null) {
      Item item = t._2();
      int at = item.index - first;
      System.arraycopy(item.vector, 0, vectors, at * d, d);
      ids[at] = item.photoId;
      filled++;
    }
    if (filled != size) {
      throw new IllegalStateException("Gallery shard " + shard + " holds " + filled + " items but should hold "
          + size + "; this is a bug, please report it.");
    }
    ScoringKernel kernel = ScoringKernels.best();
    ScoringKernel.PreparedShard packed = kernel.prepare(vectors, d, first);
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
          emit(new Tuple2<>(pending.get(m).key, PartialResult.of(scores, m, size, i -> ids[i - first])));
        }
        return true;
      }
    };
  }

  /** Per partition: the length of each category's run of items; also checks photo ids do not repeat. */
  private static Iterator<Run> runs(int partition, Iterator<Item> items) {
    List<Run> out = new ArrayList<>();
    Item previous = null;
    long count = 0;
    while (items.hasNext()) {
      Item item = items.next();
      if (previous != null && !item.category.equals(previous.category)) {
        out.add(new Run(partition, previous.category, count));
        count = 0;
      } else if (previous != null && item.photoId.equals(previous.photoId)) {
        throw new IllegalArgumentException("Photo id " + item.photoId + " appears more than once in the '"
            + item.category + "' gallery; photo ids must be unique within a category (deduplicate the"
            + " embeddings).");
      }
      previous = item;
      count++;
    }
    if (previous != null) {
      out.add(new Run(partition, previous.category, count));
    }
    return out.iterator();
  }

  private static float[] vector(List<Float> values, int d, String what) {
    if (values == null || values.size() != d) {
      throw new IllegalArgumentException("The vector of " + what + " has dimension "
          + (values == null ? "null" : String.valueOf(values.size())) + " but " + d + " was expected; embed"
          + " photos and sketches with the same model.");
    }
    float[] out = new float[d];
    for (int j = 0; j < d; j++) {
      Float v = values.get(j);
      if (v == null || !Float.isFinite(v)) {
        throw new IllegalArgumentException("The vector of " + what + " has value " + v + " at component " + j
            + "; vectors must be finite: re-embed it.");
      }
      out[j] = v;
    }
    return out;
  }

  private static void requireColumn(Dataset<Row> data, String what, String name, DataType type) {
    StructType schema = data.schema();
    if (!java.util.Arrays.asList(schema.fieldNames()).contains(name)) {
      throw new IllegalArgumentException("The " + what + " need a column " + name + " of type "
          + type.simpleString() + " but have only " + java.util.Arrays.toString(schema.fieldNames()));
    }
    DataType actual = schema.apply(name).dataType();
    if (!actual.sameType(type)) {
      throw new IllegalArgumentException("Column " + name + " of the " + what + " must be of type "
          + type.simpleString() + " but was " + actual.simpleString());
    }
  }

  /** Where the shards are: per category its first shard and count, per shard its items. */
  private static final class Plan implements Serializable {
    private static final long serialVersionUID = 1L;
    final HashMap<String, long[]> runStarts = new HashMap<>();
    final HashMap<String, int[]> categoryShards = new HashMap<>();
    int[] shardFirst;
    int[] shardLength;
    final int shardSize;

    private Plan(int shardSize) {
      this.shardSize = shardSize;
    }

    static Plan of(List<Run> runs, int shardSize) {
      Plan plan = new Plan(shardSize);
      List<Run> ordered = new ArrayList<>(runs);
      ordered.sort((a, b) -> Integer.compare(a.partition, b.partition)); // within a partition: in order
      Map<String, Long> sizes = new java.util.LinkedHashMap<>();
      for (Run run : ordered) {
        long start = sizes.getOrDefault(run.category, 0L);
        plan.runStarts.put(run.partition + "/" + run.category, new long[] {start});
        sizes.put(run.category, start + run.count);
      }
      List<int[]> shards = new ArrayList<>(); // {first, length}
      for (Map.Entry<String, Long> e : sizes.entrySet()) {
        if (e.getValue() > Integer.MAX_VALUE - 8) {
          throw new IllegalArgumentException("The '" + e.getKey() + "' gallery holds " + e.getValue()
              + " photos, more than " + (Integer.MAX_VALUE - 8) + "; split the category.");
        }
        int size = e.getValue().intValue();
        int count = (size + shardSize - 1) / shardSize;
        plan.categoryShards.put(e.getKey(), new int[] {shards.size(), count, size});
        for (int s = 0; s < count; s++) {
          int first = s * shardSize;
          shards.add(new int[] {first, Math.min(shardSize, size - first)});
        }
      }
      plan.shardFirst = shards.stream().mapToInt(s -> s[0]).toArray();
      plan.shardLength = shards.stream().mapToInt(s -> s[1]).toArray();
      return plan;
    }

    int shardCount() {
      return shardFirst.length;
    }

    int shardOf(String category, int localIndex) {
      return categoryShards.get(category)[0] + localIndex / shardSize;
    }
  }

  /** A gallery item (shuffled: a plain class, which Kryo can serialise, unlike a record). */
  static final class Item implements Serializable {
    private static final long serialVersionUID = 1L;
    final String category;
    final String photoId;
    final float[] vector;
    /** Index within the category's gallery (photo-id order), or -1 before numbering. */
    final int index;

    Item(String category, String photoId, float[] vector) {
      this(category, photoId, vector, -1);
    }

    private Item(String category, String photoId, float[] vector, int index) {
      this.category = category;
      this.photoId = photoId;
      this.vector = vector;
      this.index = index;
    }

    Item withIndex(int i) {
      return new Item(category, photoId, vector, i);
    }
  }

  /** A query with its threshold (shuffled: a plain class). */
  static final class Query implements Serializable {
    private static final long serialVersionUID = 1L;
    final String key;
    final float threshold;
    final float[] vector;

    Query(String key, float threshold, float[] vector) {
      this.key = key;
      this.threshold = threshold;
      this.vector = vector;
    }
  }

  /** One category's run of items in one partition of the sorted gallery (collected: a plain class). */
  static final class Run implements Serializable {
    private static final long serialVersionUID = 1L;
    final int partition;
    final String category;
    final long count;

    Run(int partition, String category, long count) {
      this.partition = partition;
      this.category = category;
      this.count = count;
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
