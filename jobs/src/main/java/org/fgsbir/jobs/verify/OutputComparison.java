package org.fgsbir.jobs.verify;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.apache.spark.sql.AnalysisException;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.fgsbir.jobs.Schemas;
import org.fgsbir.jobs.spark.HadoopFiles;

/**
 * Compares two pipeline output folders (laid out as {@code fgsbir demo} writes them) table by table, row
 * for row: the deployment checks (S3, standalone cluster, worker loss) compare their output with a
 * local-filesystem run of the same input this way.
 *
 * <p>Rows are compared as multisets, so a duplicated row (e.g. a task output committed twice) or a
 * missing one is reported, whatever the row order. Every column takes part except
 * {@link #IGNORED_COLUMNS} (the write time). Text (ids, uris, messages, float vectors) must be equal
 * after the {@code rewrites} (e.g. {@code s3a://bucket/in -> file:/tmp/in}, since uris name the input's
 * location); {@code double} columns, which the report computes as averages whose summation order
 * depends on the partitioning, may differ by a relative {@value #RELATIVE_TOLERANCE}.
 */
public final class OutputComparison {
  private OutputComparison() {}

  /** The tables of an output folder, relative to it. */
  public static final List<String> TABLES = List.of("embeddings", "rejects/embed-catalogue", "results",
      "rejects/score-sketches", "report/steps", "report/summary");

  /** Columns that legitimately differ between two runs of the same input. */
  public static final Set<String> IGNORED_COLUMNS = Set.of(Schemas.EMBEDDED_AT);

  /** Allowed relative difference of {@code double} values. */
  public static final double RELATIVE_TOLERANCE = 1e-9;

  private static final int EXAMPLES = 3;

  /**
   * How one table of the actual output differs from the expected one.
   *
   * @param table the table, relative to the output folder
   * @param expectedRows rows in the expected table (0 when it is absent)
   * @param actualRows rows in the actual table (0 when it is absent)
   * @param missing expected rows the actual table lacks
   * @param duplicated surplus copies of expected rows in the actual table
   * @param extra actual rows that match no expected row
   * @param examples a few of the differing rows, for the message
   */
  public record TableDiff(String table, long expectedRows, long actualRows, long missing, long duplicated, long extra,
      List<String> examples) {
    /** True when the actual table holds exactly the expected rows. */
    public boolean isSame() {
      return missing == 0 && duplicated == 0 && extra == 0 && expectedRows == actualRows;
    }

    @Override
    public String toString() {
      return String.format("%-24s expected %,7d rows, actual %,7d: %s", table, expectedRows, actualRows,
          isSame() ? "same" : missing + " missing, " + duplicated + " duplicated, " + extra + " extra; e.g. "
              + examples);
    }
  }

  /**
   * Compares every table of {@link #TABLES} under {@code actualDir} with the one under {@code expectedDir}.
   *
   * @param rewrites text replacements applied to the actual rows' text before comparing, in order
   */
  public static List<TableDiff> compare(SparkSession spark, String expectedDir, String actualDir,
      Map<String, String> rewrites) {
    List<TableDiff> diffs = new ArrayList<>();
    for (String table : TABLES) {
      diffs.add(compareTable(spark, table, slash(expectedDir) + table, slash(actualDir) + table, rewrites));
    }
    return diffs;
  }

  static TableDiff compareTable(SparkSession spark, String table, String expectedPath, String actualPath,
      Map<String, String> rewrites) {
    Map<String, List<double[]>> expected = canonicalRows(spark, expectedPath, Map.of());
    Map<String, List<double[]>> actual = canonicalRows(spark, actualPath, rewrites);
    long missing = 0;
    long duplicated = 0;
    long extra = 0;
    List<String> examples = new ArrayList<>();
    Set<String> keys = new java.util.TreeSet<>(expected.keySet());
    keys.addAll(actual.keySet());
    for (String key : keys) {
      List<double[]> want = expected.getOrDefault(key, List.of());
      List<double[]> got = actual.getOrDefault(key, List.of());
      List<double[]> unmatched = new ArrayList<>(got);
      long wanting = 0;
      for (double[] w : want) {
        int match = indexOfClose(unmatched, w);
        if (match < 0) {
          wanting++;
        } else {
          unmatched.remove(match);
        }
      }
      if (wanting > 0) {
        missing += wanting;
        example(examples, "missing " + key + values(want));
      }
      if (!unmatched.isEmpty()) {
        if (wanting == 0 && !want.isEmpty()) {
          duplicated += unmatched.size();
          example(examples, "duplicated " + key);
        } else {
          extra += unmatched.size();
          example(examples, "extra " + key + values(unmatched));
        }
      }
    }
    return new TableDiff(table, count(expected), count(actual), missing, duplicated, extra, examples);
  }

  /**
   * The table's rows as {@code text of the exact columns -> double columns of each row with that text};
   * an absent table has no rows.
   */
  private static Map<String, List<double[]>> canonicalRows(SparkSession spark, String path,
      Map<String, String> rewrites) {
    Map<String, List<double[]>> rows = new TreeMap<>();
    if (HadoopFiles.statusOrNull(HadoopFiles.conf(spark), path) == null) {
      return rows;
    }
    Dataset<Row> data;
    try {
      data = spark.read().parquet(path);
    } catch (Exception e) {
      if (e instanceof AnalysisException && e.getMessage().contains("UNABLE_TO_INFER_SCHEMA")) {
        return rows; // a table folder with no data files: an empty table
      }
      throw e;
    }
    String[] columns = Arrays.stream(data.columns()).filter(c -> !IGNORED_COLUMNS.contains(c)).sorted()
        .toArray(String[]::new);
    List<String> exact = new ArrayList<>();
    List<String> approximate = new ArrayList<>();
    for (String c : columns) {
      StructField f = data.schema().apply(c);
      (f.dataType().equals(DataTypes.DoubleType) ? approximate : exact).add(c);
    }
    for (Row r : data.selectExpr(concat(exact, approximate)).collectAsList()) {
      StringBuilder key = new StringBuilder();
      for (int i = 0; i < exact.size(); i++) {
        key.append(i == 0 ? "" : ", ").append(exact.get(i)).append('=').append(rewrite(text(r.get(i)), rewrites));
      }
      double[] doubles = new double[approximate.size()];
      for (int j = 0; j < doubles.length; j++) {
        Object v = r.get(exact.size() + j);
        doubles[j] = v == null ? Double.NaN : (Double) v;
      }
      rows.computeIfAbsent(key.toString(), k -> new ArrayList<>()).add(doubles);
    }
    for (List<double[]> group : rows.values()) {
      group.sort(Comparator.comparing(Arrays::toString));
    }
    return rows;
  }

  private static String[] concat(List<String> a, List<String> b) {
    List<String> all = new ArrayList<>(a);
    all.addAll(b);
    return all.stream().map(c -> "`" + c + "`").toArray(String[]::new);
  }

  /** Values as text; arrays (Scala sequences) element by element, floats in their shortest exact form. */
  private static String text(Object value) {
    if (value instanceof scala.collection.Seq<?> seq) {
      StringBuilder b = new StringBuilder("[");
      scala.collection.Iterator<?> it = seq.iterator();
      while (it.hasNext()) {
        b.append(text(it.next())).append(it.hasNext() ? "," : "");
      }
      return b.append(']').toString();
    }
    return String.valueOf(value);
  }

  private static String rewrite(String text, Map<String, String> rewrites) {
    String out = text;
    for (Map.Entry<String, String> e : rewrites.entrySet()) {
      out = out.replace(e.getKey(), e.getValue());
    }
    return out;
  }

  private static int indexOfClose(List<double[]> candidates, double[] want) {
    for (int i = 0; i < candidates.size(); i++) {
      if (isClose(candidates.get(i), want)) {
        return i;
      }
    }
    return -1;
  }

  static boolean isClose(double[] a, double[] b) {
    for (int i = 0; i < a.length; i++) {
      double x = a[i];
      double y = b[i];
      boolean bothNaN = Double.isNaN(x) && Double.isNaN(y);
      if (!bothNaN && !(Math.abs(x - y) <= RELATIVE_TOLERANCE * Math.max(Math.abs(x), Math.abs(y)))) {
        return false;
      }
    }
    return true;
  }

  private static String values(List<double[]> doubles) {
    return doubles.isEmpty() || doubles.get(0).length == 0 ? ""
        : " doubles " + doubles.stream().map(Arrays::toString).toList();
  }

  private static void example(List<String> examples, String text) {
    if (examples.size() < EXAMPLES) {
      examples.add(text.length() > 400 ? text.substring(0, 400) + "..." : text);
    }
  }

  private static long count(Map<String, List<double[]>> rows) {
    return rows.values().stream().mapToLong(List::size).sum();
  }

  private static String slash(String dir) {
    return dir.endsWith("/") ? dir : dir + "/";
  }

  /**
   * {@code OutputComparison EXPECTED_DIR ACTUAL_DIR [FROM=TO ...]}: compares the two output folders in a
   * local Spark session, prints one line per table, and exits 0 when every table is the same, 1 when
   * one differs, 2 on a usage error.
   */
  public static void main(String[] args) {
    if (args.length < 2) {
      System.err.println("usage: OutputComparison EXPECTED_DIR ACTUAL_DIR [FROM=TO ...]  (FROM=TO rewrites text"
          + " in the actual rows, e.g. an input location)");
      System.exit(2);
    }
    Map<String, String> rewrites = new LinkedHashMap<>();
    for (int i = 2; i < args.length; i++) {
      int eq = args[i].indexOf('=');
      if (eq < 1) {
        System.err.println("OutputComparison: rewrite '" + args[i] + "' must read FROM=TO.");
        System.exit(2);
      }
      rewrites.put(args[i].substring(0, eq), args[i].substring(eq + 1));
    }
    SparkSession spark = SparkSession.builder().appName("fgsbir compare-outputs").master("local[2]")
        .config("spark.ui.enabled", "false").config("spark.driver.host", "127.0.0.1")
        .config("spark.driver.bindAddress", "127.0.0.1").config("spark.ui.showConsoleProgress", "false")
        .config("spark.sql.shuffle.partitions", "2").getOrCreate();
    boolean same = true;
    try {
      System.out.println("Comparing " + args[1] + " with the expected " + args[0] + ":");
      for (TableDiff d : compare(spark, args[0], args[1], rewrites)) {
        System.out.println("  " + d);
        same &= d.isSame();
      }
    } finally {
      spark.stop();
    }
    System.out.println(same ? "Outputs are the same, row for row." : "Outputs DIFFER (see above).");
    System.exit(same ? 0 : 1);
  }
}
