package org.fgsbir.jobs.spark;

import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.apache.spark.TaskContext;
import org.apache.spark.api.java.function.FlatMapFunction;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.util.SerializableConfiguration;
import org.apache.spark.util.TaskCompletionListener;
import org.fgsbir.core.embed.Branch;
import org.fgsbir.core.embed.Embedder;
import org.fgsbir.core.embed.Embedders;
import org.fgsbir.core.embed.ModelSpec;
import org.fgsbir.core.image.ImageTensor;
import org.fgsbir.core.image.PhotoPreprocessor;
import org.fgsbir.core.image.PhotoRejectedException;
import org.fgsbir.jobs.Schemas;

/**
 * The per-partition work of the embed job: reads each listed photo's bytes, hashes them, preprocesses
 * and embeds them in batches with one photo embedder per partition (closed when the task completes).
 * Emits one outcome row per photo: {@code ok} with its vector, or {@code rejected} with a reason.
 */
public final class EmbedPhotosFunction implements FlatMapFunction<Iterator<Row>, Row> {
  private static final long serialVersionUID = 1L;

  /** Outcome of a photo that was embedded. */
  public static final String OK = "ok";
  /** Outcome of a photo that could not be embedded (an expected, per-record failure). */
  public static final String REJECTED = "rejected";
  /** Reason code of a manifest entry whose file does not exist. */
  public static final String MISSING_FILE = "missing_file";

  /** Column holding {@link #OK} or {@link #REJECTED}. */
  public static final String OUTCOME = "outcome";

  /** Rows this function emits. */
  public static final StructType OUTCOME_SCHEMA = new StructType(new StructField[] {
      DataTypes.createStructField(OUTCOME, DataTypes.StringType, false),
      DataTypes.createStructField(Schemas.PHOTO_ID, DataTypes.StringType, false),
      DataTypes.createStructField(Schemas.CATEGORY, DataTypes.StringType, false),
      DataTypes.createStructField(Schemas.URI, DataTypes.StringType, false),
      DataTypes.createStructField(Schemas.SHA256, DataTypes.StringType, true),
      DataTypes.createStructField(Schemas.EMBEDDING, DataTypes.createArrayType(DataTypes.FloatType, false), true),
      DataTypes.createStructField(Schemas.REASON_CODE, DataTypes.StringType, true),
      DataTypes.createStructField(Schemas.MESSAGE, DataTypes.StringType, true),
  });

  private final ModelSpec spec;
  private final int batchSize;
  private final Broadcast<SerializableConfiguration> hadoopConf;

  /**
   * @param spec the model (only its photo branch is opened)
   * @param batchSize photos per embedder call
   * @param hadoopConf the driver's Hadoop configuration, to open photo files on executors
   */
  public EmbedPhotosFunction(ModelSpec spec, int batchSize, Broadcast<SerializableConfiguration> hadoopConf) {
    this.spec = spec;
    this.batchSize = batchSize;
    this.hadoopConf = hadoopConf;
  }

  @Override
  public Iterator<Row> call(Iterator<Row> photos) {
    if (!photos.hasNext()) {
      return Collections.emptyIterator(); // don't load a model for an empty partition
    }
    Embedder embedder = Embedders.open(spec, Branch.PHOTO);
    TaskContext task = TaskContext.get();
    if (task != null) {
      // Output is lazy: closing must wait for the task's end, not for this method's return.
      task.addTaskCompletionListener((TaskCompletionListener) ctx -> embedder.close());
    }
    if (embedder.dimension() != spec.dimension()) {
      embedder.close();
      throw new IllegalStateException("Model " + spec.version() + " (engine " + spec.engine()
          + ") returns vectors of dimension " + embedder.dimension() + " but its spec says "
          + spec.dimension() + "; fix the model spec's dimension.");
    }
    PhotoPreprocessor preprocessor = new PhotoPreprocessor(spec.photo());
    Configuration conf = hadoopConf.value().value();
    MessageDigest sha256 = sha256();
    return new PartitionIterator<>() {
      @Override
      protected boolean fill() {
        if (!photos.hasNext()) {
          return false;
        }
        List<Row> accepted = new ArrayList<>(batchSize);
        List<String> hashes = new ArrayList<>(batchSize);
        List<ImageTensor> tensors = new ArrayList<>(batchSize);
        while (photos.hasNext() && tensors.size() < batchSize) {
          Row photo = photos.next();
          String photoId = photo.getString(0);
          String category = photo.getString(1);
          String uri = photo.getString(2);
          byte[] bytes;
          try {
            bytes = HadoopFiles.readAllBytes(conf, uri);
          } catch (FileNotFoundException e) {
            emit(rejected(photoId, category, uri, MISSING_FILE, "Cannot embed photo " + photoId + ": file "
                + uri + " does not exist; fix its path in the manifest or remove the row."));
            continue;
          } catch (IOException e) {
            // Anything but a missing file may be transient: fail the task so Spark retries it.
            throw new UncheckedIOException("Cannot read photo " + photoId + " from " + uri, e);
          }
          String hash = HexFormat.of().formatHex(sha256.digest(bytes));
          try {
            tensors.add(preprocessor.preprocess(photoId, bytes));
          } catch (PhotoRejectedException e) {
            emit(rejected(photoId, category, uri, e.reason().code(), e.getMessage()));
            continue;
          }
          accepted.add(photo);
          hashes.add(hash);
        }
        if (!tensors.isEmpty()) {
          float[][] vectors = embedder.embed(tensors);
          for (int i = 0; i < vectors.length; i++) {
            Row photo = accepted.get(i);
            requireDimension(vectors[i], photo.getString(0));
            emit(RowFactory.create(OK, photo.getString(0), photo.getString(1), photo.getString(2), hashes.get(i),
                vectors[i], null, null));
          }
        }
        return true;
      }
    };
  }

  private void requireDimension(float[] vector, String photoId) {
    if (vector == null || vector.length != spec.dimension()) {
      throw new IllegalStateException("Model " + spec.version() + " returned a vector of dimension "
          + (vector == null ? "null" : vector.length) + " for photo " + photoId + " but its spec says "
          + spec.dimension() + "; fix the model or its spec.");
    }
  }

  private static Row rejected(String photoId, String category, String uri, String code, String message) {
    return RowFactory.create(REJECTED, photoId, category, uri, null, null, code, message);
  }

  private static MessageDigest sha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("this JVM lacks SHA-256", e);
    }
  }
}
