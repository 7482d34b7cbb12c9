package org.fgsbir.jobs.verify;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.fgsbir.jobs.SparkTestBase;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class OutputComparisonTest extends SparkTestBase {
  private static final StructType SCHEMA = new StructType()
      .add("sketch_id", DataTypes.StringType)
      .add("uri", DataTypes.StringType)
      .add("score", DataTypes.DoubleType);

  @TempDir Path tmp;
  private int tables;

  private String write(String name, List<Row> rows) {
    String path = tmp.resolve(name + "-" + tables++).toString();
    spark.createDataFrame(rows, SCHEMA).coalesce(1).write().parquet(path);
    return path;
  }

  private OutputComparison.TableDiff compare(List<Row> expected, List<Row> actual, Map<String, String> rewrites) {
    return OutputComparison.compareTable(spark, "t", write("expected", expected), write("actual", actual), rewrites);
  }

  @Test
  void findsMissingAndDuplicatedRows() {
    OutputComparison.TableDiff diff = compare(
        List.of(RowFactory.create("a", "file:/in/a", 0.5), RowFactory.create("b", "file:/in/b", 0.25)),
        List.of(RowFactory.create("a", "file:/in/a", 0.5), RowFactory.create("a", "file:/in/a", 0.5)), Map.of());

    assertThat(diff.isSame()).isFalse();
    assertThat(diff.missing()).isEqualTo(1);
    assertThat(diff.duplicated()).isEqualTo(1);
    assertThat(diff.extra()).isZero();
    assertThat(diff.examples()).anyMatch(e -> e.startsWith("missing") && e.contains("sketch_id=b"))
        .anyMatch(e -> e.startsWith("duplicated") && e.contains("sketch_id=a"));
  }

  @Test
  void rewritesLocationsAndToleratesSummationOrderInDoubles() {
    double third = 1.0 / 3;
    OutputComparison.TableDiff same = compare(List.of(RowFactory.create("a", "file:/in/a", third)),
        List.of(RowFactory.create("a", "s3a://b/in/a", third * (1 + 1e-13))), Map.of("s3a://b/in", "file:/in"));
    OutputComparison.TableDiff differs = compare(List.of(RowFactory.create("a", "file:/in/a", third)),
        List.of(RowFactory.create("a", "file:/in/a", third * (1 + 1e-6))), Map.of());

    assertThat(same.isSame()).as(same.toString()).isTrue();
    assertThat(differs.isSame()).isFalse();
    assertThat(differs.missing()).isEqualTo(1);
    assertThat(differs.extra()).isEqualTo(1);
  }
}
