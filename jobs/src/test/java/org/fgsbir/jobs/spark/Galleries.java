package org.fgsbir.jobs.spark;

import static org.apache.spark.sql.functions.col;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.stream.Collectors;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.fgsbir.core.retrieval.Gallery;
import org.fgsbir.jobs.Schemas;

/**
 * Test helper: loads the embeddings of one model version as one in-memory {@link Gallery} per category, for
 * brute-force references. (The score job itself never collects a gallery; see {@link ShardedScoring}.)
 */
public final class Galleries {
  private Galleries() {}

  /**
   * Collects every embedding of {@code modelVersion} under {@code embeddingsPath} to the driver and
   * groups them by category, photos in id order.
   *
   * @throws IllegalArgumentException if the table is missing, holds no vectors of that version, or
   *     their dimension differs from {@code dimension}
   */
  public static HashMap<String, Gallery> load(
      SparkSession spark, String embeddingsPath, String modelVersion, int dimension) {
    if (HadoopFiles.statusOrNull(HadoopFiles.conf(spark), embeddingsPath) == null) {
      throw new IllegalArgumentException("Embeddings table " + embeddingsPath + " does not exist; run"
          + " embed-catalogue first, or fix the embeddings path.");
    }
    Dataset<Row> table = spark.read().schema(Schemas.EMBEDDINGS_READ).parquet(embeddingsPath);
    List<Row> rows = table
        .where(col(Schemas.MODEL_VERSION).equalTo(modelVersion))
        .select(Schemas.CATEGORY, Schemas.PHOTO_ID, Schemas.EMBEDDING, Schemas.DIM)
        .orderBy(Schemas.CATEGORY, Schemas.PHOTO_ID)
        .collectAsList();
    if (rows.isEmpty()) {
      List<String> versions = table.select(Schemas.MODEL_VERSION).distinct().orderBy(Schemas.MODEL_VERSION)
          .collectAsList().stream().map(r -> r.getString(0)).collect(Collectors.toList());
      throw new IllegalArgumentException("Embeddings table " + embeddingsPath + " holds no vectors of model"
          + " version " + modelVersion + " (versions present: " + versions + "); embed the catalogue with"
          + " that model first, or pick a version that is there.");
    }
    HashMap<String, Gallery> galleries = new HashMap<>();
    int i = 0;
    while (i < rows.size()) {
      String category = rows.get(i).getString(0);
      List<String> ids = new ArrayList<>();
      List<float[]> vectors = new ArrayList<>();
      for (; i < rows.size() && rows.get(i).getString(0).equals(category); i++) {
        Row r = rows.get(i);
        List<Float> v = r.getList(2);
        if (r.getInt(3) != dimension || v.size() != dimension) {
          throw new IllegalArgumentException("Photo " + r.getString(1) + " of model version " + modelVersion
              + " in " + embeddingsPath + " has a vector of dimension " + v.size() + " (dim column "
              + r.getInt(3) + ") but the model spec says " + dimension + "; re-embed the catalogue with this"
              + " model, or fix the spec's dimension.");
        }
        float[] a = new float[v.size()];
        for (int d = 0; d < a.length; d++) {
          a[d] = v.get(d);
        }
        ids.add(r.getString(1));
        vectors.add(a);
      }
      galleries.put(category, Gallery.of(ids, vectors));
    }
    return galleries;
  }
}
