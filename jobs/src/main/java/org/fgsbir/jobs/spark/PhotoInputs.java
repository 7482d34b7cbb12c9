package org.fgsbir.jobs.spark;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.collect_list;
import static org.apache.spark.sql.functions.concat;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.element_at;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.regexp_extract;
import static org.apache.spark.sql.functions.split;
import static org.apache.spark.sql.functions.trim;
import static org.apache.spark.sql.functions.udf;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.api.java.UDF1;
import org.apache.spark.sql.expressions.UserDefinedFunction;
import org.apache.spark.sql.types.DataTypes;
import org.fgsbir.jobs.Schemas;

/**
 * Lists a photo catalogue as rows {@code (photo_id, category, uri)} and validates it on the driver:
 * the input exists, holds at least one photo, and photo ids are present and unique. No photo bytes are
 * read here; tasks read them later, so the listing can be repartitioned for the embedding work.
 */
public final class PhotoInputs {
  private PhotoInputs() {}

  /** File name suffixes taken as photos in a catalogue directory. */
  public static final List<String> PHOTO_SUFFIXES = List.of("png", "jpg", "jpeg");

  private static final int EXAMPLES = 5;

  /**
   * Lists the photos of {@code photos}: a catalogue directory {@code <dir>/<category>/<photo_id>.<ext>}
   * or a manifest CSV with header {@code photo_id,category,split,path}.
   *
   * @throws IllegalArgumentException when the input is missing, empty, badly laid out, or repeats ids
   */
  public static Dataset<Row> list(SparkSession spark, String photos) {
    Configuration conf = HadoopFiles.conf(spark);
    FileStatus status = HadoopFiles.statusOrNull(conf, photos);
    if (status == null) {
      throw new IllegalArgumentException("Photo input " + photos + " does not exist; pass a catalogue folder"
          + " laid out as <dir>/<category>/<photo_id>.png|jpg|jpeg, or a manifest CSV with header"
          + " photo_id,category,split,path.");
    }
    Dataset<Row> listing = status.isDirectory()
        ? listDirectory(spark, HadoopFiles.qualified(conf, photos))
        : listManifest(spark, HadoopFiles.qualified(conf, photos));
    requireNoDuplicates(listing, photos);
    return listing;
  }

  private static Dataset<Row> listDirectory(SparkSession spark, String root) {
    String glob = "*.{" + PHOTO_SUFFIXES.stream()
        .flatMap(s -> java.util.stream.Stream.of(s, s.toUpperCase(Locale.ROOT)))
        .collect(Collectors.joining(",")) + "}";
    // binaryFile lists recursively; only the path column is selected, so no bytes are read here.
    Dataset<Row> files = spark.read().format("binaryFile")
        .option("recursiveFileLookup", "true")
        .option("pathGlobFilter", glob)
        .load(root)
        .select(col("path").as(Schemas.URI));
    Column parts = split(col(Schemas.URI), "/");
    Column fileName = element_at(parts, -1);
    Dataset<Row> listing = files.select(
        regexp_extract(fileName, "^(.+)\\.[^.]+$", 1).as(Schemas.PHOTO_ID),
        element_at(parts, -2).as(Schemas.CATEGORY),
        col(Schemas.URI));
    // Each photo must sit exactly one folder below the root: that folder is its category.
    String prefix = root.endsWith("/") ? root : root + "/";
    List<Row> misplaced = listing
        .where(col(Schemas.URI).notEqual(concat(lit(prefix), col(Schemas.CATEGORY), lit("/"), fileName)))
        .select(Schemas.URI).limit(EXAMPLES).collectAsList();
    if (!misplaced.isEmpty()) {
      throw new IllegalArgumentException("Photos in " + root + " must sit at <dir>/<category>/<photo_id>.<ext>"
          + " (one folder level, named after the category), but these do not: "
          + misplaced.stream().map(r -> r.getString(0)).collect(Collectors.toList())
          + "; move them into a category folder or list them in a manifest CSV.");
    }
    if (listing.isEmpty()) {
      throw new IllegalArgumentException("No photos found in " + root + ": expected files named"
          + " <category>/<photo_id>.png|jpg|jpeg below it; check the path.");
    }
    return listing;
  }

  private static Dataset<Row> listManifest(SparkSession spark, String manifest) {
    Dataset<Row> csv = spark.read()
        .option("header", "true")
        .option("mode", "FAILFAST")
        .option("inferSchema", "false")
        .csv(manifest);
    List<String> columns = Arrays.asList(csv.columns());
    List<String> missing = new ArrayList<>();
    for (String c : List.of(Schemas.PHOTO_ID, Schemas.CATEGORY, "path")) {
      if (!columns.contains(c)) {
        missing.add(c);
      }
    }
    if (!missing.isEmpty()) {
      throw new IllegalArgumentException("Manifest " + manifest + " lacks column(s) " + missing
          + " (its header is " + columns + "); the header must be photo_id,category,split,path.");
    }
    String folder = new Path(manifest).getParent().toString();
    // A relative path resolves against the manifest's folder; an absolute path or URI stays as it is.
    UserDefinedFunction resolve = udf(
        (UDF1<String, String>) p -> p == null ? null : new Path(new Path(folder), p.trim()).toString(),
        DataTypes.StringType);
    Dataset<Row> listing = csv.select(
        trim(col(Schemas.PHOTO_ID)).as(Schemas.PHOTO_ID),
        trim(col(Schemas.CATEGORY)).as(Schemas.CATEGORY),
        resolve.apply(col("path")).as(Schemas.URI));
    List<Row> incomplete = listing
        .where(col(Schemas.PHOTO_ID).isNull().or(col(Schemas.PHOTO_ID).equalTo(""))
            .or(col(Schemas.CATEGORY).isNull()).or(col(Schemas.CATEGORY).equalTo(""))
            .or(col(Schemas.URI).isNull()))
        .limit(EXAMPLES).collectAsList();
    if (!incomplete.isEmpty()) {
      throw new IllegalArgumentException("Manifest " + manifest + " has rows with an empty photo_id,"
          + " category or path, e.g. " + incomplete + "; fill them in or remove those rows.");
    }
    if (listing.isEmpty()) {
      throw new IllegalArgumentException("Manifest " + manifest + " lists no photos; add rows below its"
          + " header photo_id,category,split,path.");
    }
    return listing;
  }

  private static void requireNoDuplicates(Dataset<Row> listing, String photos) {
    List<Row> dups = listing.groupBy(Schemas.PHOTO_ID)
        .agg(count(lit(1)).as("n"), collect_list(Schemas.URI).as("uris"))
        .where(col("n").gt(1))
        .orderBy(Schemas.PHOTO_ID)
        .limit(EXAMPLES)
        .collectAsList();
    if (!dups.isEmpty()) {
      String examples = dups.stream()
          .map(r -> r.getString(0) + " (" + r.getLong(1) + "x: " + r.getList(2) + ")")
          .collect(Collectors.joining("; "));
      throw new IllegalArgumentException("Photo ids must be unique across the catalogue " + photos
          + ", but some repeat: " + examples + ". Rename or remove the duplicates.");
    }
  }
}
