package org.fgsbir.jobs.spark;

import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SaveMode;
import org.fgsbir.jobs.Schemas;

/** Writes the jobs' Parquet tables. */
public final class Tables {
  private Tables() {}

  /**
   * Replaces one partition {@code column=value} of the table at {@code root} with {@code data}, leaving
   * the table's other partitions alone; {@code data} must not hold {@code column}.
   *
   * <p>The partition folder itself is the write target (static overwrite of that folder), rather than
   * the table root with dynamic partition overwrite: the outcome is the same Hive-style layout, stale
   * sub-partitions of the replaced value disappear, and it also works with S3A's magic committer, which
   * does not support dynamic partition overwrite.
   *
   * @param subPartitions further partition columns inside that folder (may be empty)
   */
  public static void replacePartition(
      Dataset<Row> data, String root, String column, String value, List<String> subPartitions) {
    if (!value.matches("[A-Za-z0-9._-]+")) {
      // Also guarantees the folder name needs no escaping, so Spark reads the value back unchanged.
      throw new IllegalArgumentException(column + " '" + value + "' must use only letters, digits,"
          + " '.', '_' or '-'.");
    }
    String target = (root.endsWith("/") ? root : root + "/") + column + "=" + value;
    data.write()
        .mode(SaveMode.Overwrite)
        .partitionBy(subPartitions.toArray(new String[0]))
        .parquet(target);
  }

  /** Writes {@code data} as a whole, unpartitioned table at {@code path}, replacing what was there. */
  public static void replaceTable(Dataset<Row> data, String path) {
    data.write().mode(SaveMode.Overwrite).parquet(path);
  }

  /** The names of {@code table}'s columns without {@code partitionColumns}, in table order. */
  public static String[] dataColumns(org.apache.spark.sql.types.StructType table, List<String> partitionColumns) {
    return java.util.Arrays.stream(Schemas.columnNames(table))
        .filter(c -> !partitionColumns.contains(c))
        .toArray(String[]::new);
  }
}
