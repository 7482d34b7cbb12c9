package org.fgsbir.jobs.ml;

import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.apache.spark.ml.param.Param;
import org.apache.spark.ml.util.DefaultParamsReader;
import org.apache.spark.ml.util.Identifiable;
import org.apache.spark.ml.util.MLReader;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.Metadata;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.util.SerializableConfiguration;
import org.fgsbir.core.embed.Branch;
import org.fgsbir.core.image.PhotoOptions;
import org.fgsbir.core.image.PhotoPreprocessor;
import org.fgsbir.core.image.PhotoRejectedException;
import org.fgsbir.core.image.RejectReason;
import org.fgsbir.jobs.spark.HadoopFiles;

/**
 * The photo branch of a model as a Spark ML {@code Transformer}: embeds the photo in {@code inputCol}
 * (encoded image bytes, {@code binary}; or a path/URI, {@code string}, read on the executor through
 * Hadoop) into an {@code array<float>} {@code outputCol}. Bad photos follow {@code handleInvalid};
 * their reason codes are those of {@link RejectReason} plus {@code missing_file} and {@code null_input}.
 *
 * <pre>{@code
 * Dataset<Row> vectors = new PhotoEmbedder().setInputCol("content").setOutputCol("embedding")
 *     .setModelSpec(spec).setHandleInvalid("keep").transform(photos);
 * }</pre>
 */
public final class PhotoEmbedder extends EmbedderStage<PhotoEmbedder> {
  private static final long serialVersionUID = 1L;

  /** Reason code of a path that does not exist. */
  public static final String MISSING_FILE = "missing_file";
  /** Reason code of a null input value. */
  public static final String NULL_INPUT = "null_input";

  private final Param<String> hashCol;

  /** A stage with a random uid. */
  public PhotoEmbedder() {
    this(Identifiable.randomUID("photoEmbedder"));
  }

  /** A stage with the given uid (used by copy and load). */
  public PhotoEmbedder(String uid) {
    super(uid);
    hashCol = new Param<>(this, "hashCol",
        "optional output column for the hex SHA-256 of each embedded photo's bytes; empty = none");
    setDefault(hashCol, "");
  }

  /** Reads a stage saved with {@code write().save(path)}. */
  public static MLReader<PhotoEmbedder> read() {
    return new DefaultParamsReader<>();
  }

  /** Loads a stage saved with {@code save(path)}. */
  public static PhotoEmbedder load(String path) {
    return read().load(path);
  }

  public Param<String> hashCol() {
    return hashCol;
  }

  public String getHashCol() {
    return $(hashCol);
  }

  /** Sets {@link #hashCol()}. */
  public PhotoEmbedder setHashCol(String value) {
    set(hashCol, value);
    return this;
  }

  @Override
  protected Branch branch() {
    return Branch.PHOTO;
  }

  @Override
  protected void checkInputType(String column, DataType type) {
    if (!type.equals(DataTypes.BinaryType) && !type.equals(DataTypes.StringType)) {
      throw wrongType(column, "binary (image bytes) or string (a path or URI)", type);
    }
  }

  @Override
  protected List<StructField> extraFields() {
    String hash = getHashCol();
    return hash.isEmpty() ? List.of() : List.of(new StructField(hash, DataTypes.StringType, true, Metadata.empty()));
  }

  @Override
  protected RowPreparer.Factory preparerFactory(Dataset<?> dataset) {
    PhotoOptions options = getModelSpec().photo();
    boolean hashing = !getHashCol().isEmpty();
    boolean paths = dataset.schema().apply(getInputCol()).dataType().equals(DataTypes.StringType);
    // Resolved on the driver: executors open the paths with the session's Hadoop settings.
    SerializableConfiguration conf = paths ? new SerializableConfiguration(HadoopFiles.conf(dataset.sparkSession()))
        : null;
    int input = dataset.schema().fieldIndex(getInputCol());
    return () -> new Preparer(input, options, hashing, conf == null ? null : conf.value());
  }

  private static final class Preparer implements RowPreparer {
    private final int input;
    private final PhotoPreprocessor preprocessor;
    private final MessageDigest sha256;
    private final Configuration conf;

    Preparer(int input, PhotoOptions options, boolean hashing, Configuration conf) {
      this.input = input;
      this.preprocessor = new PhotoPreprocessor(options);
      this.sha256 = hashing ? sha256() : null;
      this.conf = conf;
    }

    @Override
    public Prepared prepare(Row row, String id) {
      Object value = row.get(input);
      if (value == null) {
        return new Rejected(NULL_INPUT, "Cannot embed photo " + id + ": the input value is null; fill it in"
            + " or filter such rows out");
      }
      byte[] bytes;
      if (value instanceof String uri) {
        try {
          bytes = HadoopFiles.readAllBytes(conf, uri);
        } catch (FileNotFoundException e) {
          return new Rejected(MISSING_FILE, "Cannot embed photo " + id + ": file " + uri
              + " does not exist; fix its path in the manifest or remove the row.");
        } catch (IOException e) {
          // Anything but a missing file may be transient: fail the task so Spark retries it.
          throw new UncheckedIOException("Cannot read photo " + id + " from " + uri, e);
        }
      } else {
        bytes = (byte[]) value;
      }
      String hash = sha256 == null ? null : HexFormat.of().formatHex(sha256.digest(bytes));
      try {
        return new Accepted(preprocessor.preprocess(id, bytes), sha256 == null ? new Object[0] : new Object[] {hash});
      } catch (PhotoRejectedException e) {
        return new Rejected(e.reason().code(), e.getMessage());
      }
    }
  }

  private static MessageDigest sha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("this JVM lacks SHA-256", e);
    }
  }
}
