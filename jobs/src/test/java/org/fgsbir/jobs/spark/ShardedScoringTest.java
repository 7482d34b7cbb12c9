package org.fgsbir.jobs.spark;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;
import org.fgsbir.core.retrieval.Similarity;
import org.fgsbir.jobs.Schemas;
import org.fgsbir.jobs.SparkTestBase;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * {@link ShardedScoring} against a brute-force reference on random data built to tie (quantised values, so
 * sums are exact, plus duplicated vectors and queries that copy gallery items), three categories of skewed
 * sizes (120, 37 and 3 photos, given in shuffled order), for one shard per category, shards smaller than K,
 * uneven shards and as many shards as photos (photos are hashed to shards, so some are empty), with both
 * similarities: every query's rank, top-K ids and top-K scores must be exactly the reference's.
 */
class ShardedScoringTest extends SparkTestBase {
  private static final int D = 8;
  private static final int K = 5;
  private static final Map<String, Integer> SIZES = Map.of("chair", 120, "shoe", 37, "hat", 3);

  private static final StructType QUERIES = new StructType(new StructField[] {
      DataTypes.createStructField(ShardedScoring.QUERY_KEY, DataTypes.StringType, false),
      DataTypes.createStructField(Schemas.CATEGORY, DataTypes.StringType, false),
      DataTypes.createStructField(Schemas.PHOTO_ID, DataTypes.StringType, false),
      DataTypes.createStructField(Schemas.EMBEDDING, DataTypes.createArrayType(DataTypes.FloatType, false), false),
  });
  private static final StructType GALLERY = new StructType(new StructField[] {
      DataTypes.createStructField(Schemas.PHOTO_ID, DataTypes.StringType, false),
      DataTypes.createStructField(Schemas.CATEGORY, DataTypes.StringType, false),
      DataTypes.createStructField(Schemas.EMBEDDING, DataTypes.createArrayType(DataTypes.FloatType, false), false),
  });

  /** Gallery: category -> photo id (sorted) -> vector. Queries: key -> {category, photo id, vector}. */
  private final Map<String, TreeMap<String, float[]>> gallery = new HashMap<>();
  private final Map<String, Object[]> queries = new TreeMap<>();

  ShardedScoringTest() {
    Random random = new Random(42);
    for (Map.Entry<String, Integer> e : SIZES.entrySet()) {
      TreeMap<String, float[]> items = new TreeMap<>();
      List<float[]> made = new ArrayList<>();
      for (int i = 0; i < e.getValue(); i++) {
        float[] v = random.nextInt(4) == 0 && !made.isEmpty() ? made.get(random.nextInt(made.size())).clone()
            : quantised(random);
        made.add(v);
        items.put(String.format("%s-%04d", e.getKey(), random.nextInt(10_000) * 1000 + i), v);
      }
      gallery.put(e.getKey(), items);
      List<String> ids = new ArrayList<>(items.keySet());
      for (int q = 0; q < 25; q++) {
        String truth = ids.get(random.nextInt(ids.size()));
        float[] v = switch (q % 3) {
          case 0 -> items.get(truth).clone(); // ties with its truth and any duplicate of it
          case 1 -> items.get(ids.get(random.nextInt(ids.size()))).clone(); // a copy of another photo
          default -> quantised(random);
        };
        queries.put(e.getKey() + "/q" + q, new Object[] {e.getKey(), truth, v});
      }
    }
  }

  private static float[] quantised(Random random) {
    float[] v = new float[D];
    for (int j = 0; j < D; j++) {
      v[j] = (random.nextInt(5) - 2) / 4f;
    }
    return v;
  }

  static List<Arguments> shardings() {
    List<Arguments> out = new ArrayList<>();
    for (Similarity similarity : Similarity.values()) {
      out.add(Arguments.of(similarity, 1000, 1024)); // one shard per category
      out.add(Arguments.of(similarity, 3, 7)); // shards smaller than K, several query blocks
      out.add(Arguments.of(similarity, 16, 4)); // uneven shards (120 = 7 x 16 + 8, 37 = 2 x 16 + 5)
    }
    out.add(Arguments.of(Similarity.COSINE, 1, 1024)); // as many shards as photos: hashing leaves some empty
    return out;
  }

  @ParameterizedTest(name = "{0}, shards of {1}, query blocks of {2}")
  @MethodSource("shardings")
  void ranksAndTopListsEqualBruteForce(Similarity similarity, int shardSize, int queryBlock) {
    Dataset<Row> result = ShardedScoring.score(spark, queryFrame(), galleryFrame(),
        new ShardedScoring.Options(K, similarity, shardSize, queryBlock, D));
    assertThat(result.schema()).isEqualTo(ShardedScoring.OUTPUT);
    Map<String, Row> byKey = new HashMap<>();
    for (Row r : result.collectAsList()) {
      assertThat(byKey.put(r.getString(0), r)).as("one row per query").isNull();
    }
    result.unpersist();
    assertThat(byKey.keySet()).containsExactlyInAnyOrderElementsOf(queries.keySet());
    for (Map.Entry<String, Object[]> q : queries.entrySet()) {
      String category = (String) q.getValue()[0];
      Reference expected = bruteForce(similarity, gallery.get(category), (String) q.getValue()[1],
          (float[]) q.getValue()[2]);
      Row r = byKey.get(q.getKey());
      assertThat(r.getInt(1)).as("rank of %s", q.getKey()).isEqualTo(expected.rank);
      assertThat(r.getInt(2)).as("gallery size").isEqualTo(SIZES.get(category));
      assertThat(r.<String>getList(3)).as("top ids of %s", q.getKey()).isEqualTo(expected.ids);
      assertThat(r.<Float>getList(4)).as("top scores of %s", q.getKey()).isEqualTo(expected.scores);
    }
  }

  @Test
  void refusesQueriesWithoutGalleryOrTruthAndWrongColumns() {
    ShardedScoring.Options options = ShardedScoring.Options.of(K, Similarity.COSINE, 10, D);
    Dataset<Row> noTruth = spark.createDataFrame(List.of(
        RowFactory.create("x", "shoe", "shoe-missing", new float[D])), QUERIES);
    assertThatThrownBy(() -> ShardedScoring.score(spark, noTruth, galleryFrame(), options))
        .hasStackTraceContaining("Cannot score query x (category shoe, photo shoe-missing): its true photo is not"
            + " in the 'shoe' gallery (37 photos)");
    Dataset<Row> noGallery = spark.createDataFrame(List.of(
        RowFactory.create("y", "boat", "boat-1", new float[D])), QUERIES);
    assertThatThrownBy(() -> ShardedScoring.score(spark, noGallery, galleryFrame(), options))
        .hasStackTraceContaining("the gallery holds no photo of category 'boat'");
    assertThatThrownBy(() -> ShardedScoring.score(spark, queryFrame().drop(Schemas.PHOTO_ID), galleryFrame(),
        options)).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("The queries need a column photo_id of type string");
    assertThatThrownBy(() -> ShardedScoring.score(spark, queryFrame(), galleryFrame()
        .withColumn(Schemas.PHOTO_ID, org.apache.spark.sql.functions.lit(1)), options))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("Column photo_id of the gallery must be of type string but was int");
  }

  @Test
  void refusesBadRecordsNamingThem() {
    ShardedScoring.Options options = ShardedScoring.Options.of(K, Similarity.COSINE, 10, D);
    Dataset<Row> duplicated = galleryFrame().union(galleryFrame().where("photo_id = 'hat-" + hatId(0) + "'"));
    assertThatThrownBy(() -> ShardedScoring.score(spark, queryFrame(), duplicated, options))
        .hasStackTraceContaining("Photo id hat-" + hatId(0) + " appears more than once in the 'hat' gallery");
    Dataset<Row> shortVector = galleryFrame().union(spark.createDataFrame(List.of(
        RowFactory.create("hat-short", "hat", new float[D - 1])), GALLERY));
    assertThatThrownBy(() -> ShardedScoring.score(spark, queryFrame(), shortVector, options))
        .hasStackTraceContaining("The vector of photo hat-short of category 'hat' has dimension 7 but 8 was expected");
    float[] nan = new float[D];
    nan[3] = Float.NaN;
    Dataset<Row> badQuery = queryFrame().union(spark.createDataFrame(List.of(
        RowFactory.create("hat/nan", "hat", gallery.get("hat").firstKey(), nan)), QUERIES));
    assertThatThrownBy(() -> ShardedScoring.score(spark, badQuery, galleryFrame(), options))
        .hasStackTraceContaining("The vector of query hat/nan (category hat, photo " + gallery.get("hat").firstKey()
            + ") has value NaN at component 3");
  }

  @Test
  void neverReadsPhotosOfCategoriesWithoutQueries() {
    // A broken photo in a category nobody queries does not stop the others from being scored.
    Dataset<Row> withBoat = galleryFrame().union(spark.createDataFrame(List.of(
        RowFactory.create("boat-1", "boat", new float[3])), GALLERY));
    Dataset<Row> result = ShardedScoring.score(spark, queryFrame(), withBoat,
        ShardedScoring.Options.of(K, Similarity.COSINE, 16, D));
    assertThat(result.count()).isEqualTo(queries.size());
    result.unpersist();
  }

  private String hatId(int i) {
    return gallery.get("hat").keySet().stream().skip(i).findFirst().orElseThrow().substring("hat-".length());
  }

  @Test
  void refusesAShardThatDoesNotFitOneArray() {
    assertThatThrownBy(() -> ShardedScoring.Options.of(K, Similarity.L2, 4_000_000, 1024))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("lower the shard size (score.shard-size) to at most 2097151");
  }

  private record Reference(int rank, List<String> ids, List<Float> scores) {}

  /** Every photo scored with the canonical arithmetic; ranks count ties; ties in the top list by photo id. */
  private static Reference bruteForce(Similarity similarity, TreeMap<String, float[]> items, String truth,
      float[] query) {
    float threshold = similarity.score(query, items.get(truth));
    List<Map.Entry<String, Float>> scored = new ArrayList<>();
    int rank = 0;
    for (Map.Entry<String, float[]> e : items.entrySet()) {
      float s = similarity.score(query, e.getValue());
      scored.add(Map.entry(e.getKey(), s));
      if (similarity.isHigherCloser() ? s >= threshold : s <= threshold) {
        rank++;
      }
    }
    Comparator<Map.Entry<String, Float>> closer = Comparator.comparing(Map.Entry::getValue);
    if (similarity.isHigherCloser()) {
      closer = closer.reversed();
    }
    scored.sort(closer.thenComparing(Map.Entry::getKey)); // stable: ties keep photo-id order either way
    List<Map.Entry<String, Float>> top = scored.subList(0, Math.min(K, scored.size()));
    return new Reference(rank, top.stream().map(Map.Entry::getKey).toList(),
        top.stream().map(Map.Entry::getValue).toList());
  }

  private Dataset<Row> queryFrame() {
    List<Row> rows = new ArrayList<>();
    for (Map.Entry<String, Object[]> q : queries.entrySet()) {
      rows.add(RowFactory.create(q.getKey(), q.getValue()[0], q.getValue()[1], q.getValue()[2]));
    }
    return spark.createDataFrame(rows, QUERIES);
  }

  /** The gallery rows in a shuffled order, so only the plan's sort can number them. */
  private Dataset<Row> galleryFrame() {
    List<Row> rows = new ArrayList<>();
    for (Map.Entry<String, TreeMap<String, float[]>> c : gallery.entrySet()) {
      for (Map.Entry<String, float[]> e : c.getValue().entrySet()) {
        rows.add(RowFactory.create(e.getKey(), c.getKey(), e.getValue()));
      }
    }
    Collections.shuffle(rows, new Random(3));
    return spark.createDataFrame(rows, GALLERY).repartition(3);
  }
}
