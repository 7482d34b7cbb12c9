package org.fgsbir.jobs;

import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.types.ArrayType;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.Metadata;
import org.apache.spark.sql.types.MetadataBuilder;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/**
 * Every table the jobs write: column names, types, nullability and partition columns, in one place.
 *
 * <p>Column order is the order Spark reads the Parquet back in: data columns first, then the partition
 * columns (Spark appends partition columns read from directory names at the end). So a table written
 * with one of these schemas reads back with the same names, types and order. Nullability is the jobs'
 * contract (which columns may be null); Spark reads every file-based column as nullable, so compare
 * read-back schemas with {@link #asNullable(StructType)}.
 *
 * <p>Vectors are {@code array<float>}; the embedding column carries its dimension in the column
 * metadata under {@link #DIMENSION_KEY} (Spark keeps column metadata in the Parquet footer), and every
 * embeddings row also carries it in the plain {@code dim} column so readers outside Spark need no
 * metadata.
 */
public final class Schemas {
  private Schemas() {}

  /** Column-metadata key holding a vector column's dimension. */
  public static final String DIMENSION_KEY = "dimension";

  // Column names shared by several tables.
  public static final String PHOTO_ID = "photo_id";
  public static final String CATEGORY = "category";
  public static final String URI = "uri";
  public static final String SHA256 = "sha256";
  public static final String EMBEDDING = "embedding";
  public static final String DIM = "dim";
  public static final String MODEL_VERSION = "model_version";
  public static final String EMBEDDED_AT = "embedded_at";
  public static final String REASON_CODE = "reason_code";
  public static final String MESSAGE = "message";
  public static final String RUN_ID = "run_id";
  public static final String SKETCH_ID = "sketch_id";
  public static final String PROTOCOL = "protocol";
  public static final String STEP = "step";
  public static final String STEPS_TOTAL = "steps_total";
  public static final String STROKES_DRAWN = "strokes_drawn";
  public static final String POINTS_DRAWN = "points_drawn";
  public static final String FRACTION_DRAWN = "fraction_drawn";
  public static final String RANK = "rank";
  public static final String GALLERY_SIZE = "gallery_size";
  public static final String TOP_K_PHOTO_IDS = "top_k_photo_ids";
  public static final String TOP_K_SCORES = "top_k_scores";
  public static final String SOURCE = "source";
  public static final String LINE = "line";
  public static final String QUERIES = "queries";
  public static final String MEAN_FRACTION_DRAWN = "mean_fraction_drawn";
  public static final String ACC_AT_1 = "acc_at_1";
  public static final String ACC_AT_5 = "acc_at_5";
  public static final String ACC_AT_10 = "acc_at_10";
  public static final String MEAN_RECIPROCAL_RANK = "mean_reciprocal_rank";
  public static final String MEAN_PERCENTILE = "mean_percentile";
  public static final String M_AT_A = "m_at_a";
  public static final String M_AT_B = "m_at_b";
  public static final String SKETCHES = "sketches";
  public static final String GALLERY_SIZE_MIN = "gallery_size_min";
  public static final String GALLERY_SIZE_MAX = "gallery_size_max";

  private static final boolean NULLABLE = true;
  private static final boolean REQUIRED = false;

  private static final ArrayType FLOAT_ARRAY = DataTypes.createArrayType(DataTypes.FloatType, false);
  private static final ArrayType STRING_ARRAY = DataTypes.createArrayType(DataTypes.StringType, false);

  // ---------------------------------------------------------------- embeddings

  /** Partition columns of the embeddings table, outermost first. */
  public static final List<String> EMBEDDINGS_PARTITIONS = List.of(MODEL_VERSION, CATEGORY);

  /**
   * The embeddings table for vectors of {@code dimension} floats: one row per embedded catalogue photo.
   * {@code sha256} is the hex SHA-256 of the photo file's bytes; {@code embedded_at} is the job's start.
   */
  public static StructType embeddings(int dimension) {
    return new StructType(new StructField[] {
        field(PHOTO_ID, DataTypes.StringType, REQUIRED),
        field(URI, DataTypes.StringType, REQUIRED),
        field(SHA256, DataTypes.StringType, REQUIRED),
        new StructField(EMBEDDING, FLOAT_ARRAY, REQUIRED, vectorMetadata(dimension)),
        field(DIM, DataTypes.IntegerType, REQUIRED),
        field(EMBEDDED_AT, DataTypes.TimestampType, REQUIRED),
        field(MODEL_VERSION, DataTypes.StringType, REQUIRED),
        field(CATEGORY, DataTypes.StringType, REQUIRED),
    });
  }

  /**
   * The embeddings table without the dimension metadata: what the score job reads with, so one reader
   * accepts any model's vectors (the {@code dim} column says the length).
   */
  public static final StructType EMBEDDINGS_READ = withoutMetadata(embeddings(1));

  /** Column metadata recording a vector column's dimension. */
  public static Metadata vectorMetadata(int dimension) {
    return new MetadataBuilder().putLong(DIMENSION_KEY, dimension).build();
  }

  /** The dimension recorded in a vector column's metadata, or -1 when it has none. */
  public static int dimensionOf(StructField vectorColumn) {
    Metadata m = vectorColumn.metadata();
    return m.contains(DIMENSION_KEY) ? (int) m.getLong(DIMENSION_KEY) : -1;
  }

  // ---------------------------------------------------------------- photo rejects

  /** Partition columns of the photo rejects table. */
  public static final List<String> PHOTO_REJECTS_PARTITIONS = List.of(MODEL_VERSION);

  /** Photos the embed job could not embed, with a stable reason code and a readable message. */
  public static final StructType PHOTO_REJECTS = new StructType(new StructField[] {
      field(PHOTO_ID, DataTypes.StringType, REQUIRED),
      field(CATEGORY, DataTypes.StringType, REQUIRED),
      field(URI, DataTypes.StringType, REQUIRED),
      field(REASON_CODE, DataTypes.StringType, REQUIRED),
      field(MESSAGE, DataTypes.StringType, REQUIRED),
      field(MODEL_VERSION, DataTypes.StringType, REQUIRED),
  });

  // ---------------------------------------------------------------- results

  /** Partition columns of the results table. */
  public static final List<String> RESULTS_PARTITIONS = List.of(RUN_ID);

  /**
   * One row per (sketch, protocol, step): the rank of the sketch's true photo among its category's
   * gallery and the top-K photo ids and cosine scores (best first).
   */
  public static final StructType RESULTS = new StructType(new StructField[] {
      field(MODEL_VERSION, DataTypes.StringType, REQUIRED),
      field(SKETCH_ID, DataTypes.StringType, REQUIRED),
      field(PHOTO_ID, DataTypes.StringType, REQUIRED),
      field(CATEGORY, DataTypes.StringType, REQUIRED),
      field(PROTOCOL, DataTypes.StringType, REQUIRED),
      field(STEP, DataTypes.IntegerType, REQUIRED),
      field(STEPS_TOTAL, DataTypes.IntegerType, REQUIRED),
      field(STROKES_DRAWN, DataTypes.IntegerType, REQUIRED),
      field(POINTS_DRAWN, DataTypes.IntegerType, REQUIRED),
      field(FRACTION_DRAWN, DataTypes.DoubleType, REQUIRED),
      field(RANK, DataTypes.IntegerType, REQUIRED),
      field(GALLERY_SIZE, DataTypes.IntegerType, REQUIRED),
      field(TOP_K_PHOTO_IDS, STRING_ARRAY, REQUIRED),
      field(TOP_K_SCORES, FLOAT_ARRAY, REQUIRED),
      field(RUN_ID, DataTypes.StringType, REQUIRED),
  });

  // ---------------------------------------------------------------- sketch rejects

  /** Partition columns of the sketch rejects table. */
  public static final List<String> SKETCH_REJECTS_PARTITIONS = List.of(RUN_ID);

  /**
   * Sketch records the score job could not score: {@code source} is the file, {@code line} the 1-based
   * line number; {@code sketch_id} is null when the line could not be parsed.
   */
  public static final StructType SKETCH_REJECTS = new StructType(new StructField[] {
      field(SKETCH_ID, DataTypes.StringType, NULLABLE),
      field(SOURCE, DataTypes.StringType, REQUIRED),
      field(LINE, DataTypes.LongType, REQUIRED),
      field(REASON_CODE, DataTypes.StringType, REQUIRED),
      field(MESSAGE, DataTypes.StringType, REQUIRED),
      field(RUN_ID, DataTypes.StringType, REQUIRED),
  });

  // ---------------------------------------------------------------- reports

  /**
   * Per-step metrics, one row per (run, model version, protocol, step). Fractions are in [0, 1];
   * {@code mean_fraction_drawn} is the mean share of the sketch's points drawn at that step.
   */
  public static final StructType REPORT_STEPS = new StructType(new StructField[] {
      field(RUN_ID, DataTypes.StringType, REQUIRED),
      field(MODEL_VERSION, DataTypes.StringType, REQUIRED),
      field(PROTOCOL, DataTypes.StringType, REQUIRED),
      field(STEP, DataTypes.IntegerType, REQUIRED),
      field(QUERIES, DataTypes.LongType, REQUIRED),
      field(MEAN_FRACTION_DRAWN, DataTypes.DoubleType, REQUIRED),
      field(ACC_AT_1, DataTypes.DoubleType, REQUIRED),
      field(ACC_AT_5, DataTypes.DoubleType, REQUIRED),
      field(ACC_AT_10, DataTypes.DoubleType, REQUIRED),
      field(MEAN_RECIPROCAL_RANK, DataTypes.DoubleType, REQUIRED),
      field(MEAN_PERCENTILE, DataTypes.DoubleType, REQUIRED),
  });

  /**
   * One row per (run, model version, protocol): m@A, m@B over the drawing, acc@K of the complete sketch
   * (each sketch's last step), the number of sketches and the gallery sizes seen.
   */
  public static final StructType REPORT_SUMMARY = new StructType(new StructField[] {
      field(RUN_ID, DataTypes.StringType, REQUIRED),
      field(MODEL_VERSION, DataTypes.StringType, REQUIRED),
      field(PROTOCOL, DataTypes.StringType, REQUIRED),
      field(M_AT_A, DataTypes.DoubleType, REQUIRED),
      field(M_AT_B, DataTypes.DoubleType, REQUIRED),
      field(ACC_AT_1, DataTypes.DoubleType, REQUIRED),
      field(ACC_AT_5, DataTypes.DoubleType, REQUIRED),
      field(ACC_AT_10, DataTypes.DoubleType, REQUIRED),
      field(SKETCHES, DataTypes.LongType, REQUIRED),
      field(GALLERY_SIZE_MIN, DataTypes.IntegerType, REQUIRED),
      field(GALLERY_SIZE_MAX, DataTypes.IntegerType, REQUIRED),
  });

  // ---------------------------------------------------------------- helpers

  /** The column names of {@code schema}, in order. */
  public static String[] columnNames(StructType schema) {
    return schema.fieldNames();
  }

  /** {@code schema} with every column (and array element) nullable: how Spark reads Parquet back. */
  public static StructType asNullable(StructType schema) {
    List<StructField> fields = new ArrayList<>();
    for (StructField f : schema.fields()) {
      fields.add(new StructField(f.name(), nullableType(f.dataType()), true, f.metadata()));
    }
    return new StructType(fields.toArray(new StructField[0]));
  }

  private static DataType nullableType(DataType type) {
    if (type instanceof ArrayType a) {
      return DataTypes.createArrayType(nullableType(a.elementType()), true);
    }
    if (type instanceof StructType s) {
      return asNullable(s);
    }
    return type;
  }

  /** {@code schema} with all column metadata dropped. */
  public static StructType withoutMetadata(StructType schema) {
    List<StructField> fields = new ArrayList<>();
    for (StructField f : schema.fields()) {
      fields.add(new StructField(f.name(), f.dataType(), f.nullable(), Metadata.empty()));
    }
    return new StructType(fields.toArray(new StructField[0]));
  }

  /**
   * Checks that {@code actual} has the names and types of {@code expected}, in order (nullability and
   * metadata aside). Used before every write so a coding slip fails on the driver, not in a reader.
   *
   * @throws IllegalStateException naming the first difference
   */
  public static void requireSameColumns(String table, StructType expected, StructType actual) {
    StructType e = withoutMetadata(asNullable(expected));
    StructType a = withoutMetadata(asNullable(actual));
    if (!e.equals(a)) {
      throw new IllegalStateException("Table " + table + " would be written with columns "
          + a.simpleString() + " but its schema is " + e.simpleString()
          + "; this is a bug in the job that builds it.");
    }
  }

  private static StructField field(String name, DataType type, boolean nullable) {
    return new StructField(name, type, nullable, Metadata.empty());
  }
}
