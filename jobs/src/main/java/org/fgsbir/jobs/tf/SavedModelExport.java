package org.fgsbir.jobs.tf;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.tensorflow.Graph;
import org.tensorflow.Operand;
import org.tensorflow.SavedModelBundle;
import org.tensorflow.Session;
import org.tensorflow.SessionFunction;
import org.tensorflow.Signature;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Placeholder;
import org.tensorflow.types.TFloat32;

/**
 * Writes the inference half of an {@link EmbeddingNetwork} as a SavedModel (tag {@code serve}) with two
 * signatures: photo ({@code image}: float [batch, size, size, 3] -> {@code embedding}: float
 * [batch, dimension], L2-normalised) and sketch (the same with 1 channel). Batch norm uses its moving
 * averages; no training op or optimizer slot is exported.
 */
public final class SavedModelExport {
  private SavedModelExport() {}

  /** Default photo signature key. */
  public static final String PHOTO_SIGNATURE = "embed_photo";
  /** Default sketch signature key. */
  public static final String SKETCH_SIGNATURE = "embed_sketch";
  /** Input name in both signatures. */
  public static final String INPUT = "image";
  /** Output name in both signatures. */
  public static final String OUTPUT = "embedding";

  /**
   * Exports with the default signature keys.
   *
   * @param config the network shape
   * @param checkpointPrefix checkpoint to take the weights from ({@link Session#save}), or null for the
   *     seeded initial weights
   * @param dir target folder; must not exist or be empty
   */
  public static void export(NetworkConfig config, String checkpointPrefix, Path dir) {
    export(config, checkpointPrefix, dir, PHOTO_SIGNATURE, SKETCH_SIGNATURE);
  }

  /** Exports with the given signature keys (see {@link #export(NetworkConfig, String, Path)}). */
  public static void export(NetworkConfig config, String checkpointPrefix, Path dir, String photoSignature,
      String sketchSignature) {
    try {
      if (Files.isDirectory(dir)) {
        try (var entries = Files.list(dir)) {
          if (entries.findAny().isPresent()) {
            throw new IllegalArgumentException("Cannot export the model to " + dir + ": the folder is not empty;"
                + " choose a new folder or delete this one.");
          }
        }
      }
      Files.createDirectories(dir.toAbsolutePath().getParent());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    try (Graph graph = new Graph()) {
      Ops tf = Ops.create(graph);
      EmbeddingNetwork network = new EmbeddingNetwork(tf, config);
      Placeholder<TFloat32> photos = tf.withName("photo_input").placeholder(TFloat32.class,
          Placeholder.shape(Shape.of(-1, config.photoSize(), config.photoSize(), 3)));
      Placeholder<TFloat32> sketches = tf.withName("sketch_input").placeholder(TFloat32.class,
          Placeholder.shape(Shape.of(-1, config.sketchSize(), config.sketchSize(), 1)));
      Operand<TFloat32> photoEmbedding = tf.withName("photo_embedding")
          .identity(network.embedPhotos(photos, false));
      Operand<TFloat32> sketchEmbedding = tf.withName("sketch_embedding")
          .identity(network.embedSketches(sketches, false));
      try (Session session = new Session(graph)) {
        session.initialize();
        if (checkpointPrefix != null) {
          session.restore(checkpointPrefix);
        }
        Signature photo = Signature.builder(photoSignature).input(INPUT, photos).output(OUTPUT, photoEmbedding)
            .build();
        Signature sketch = Signature.builder(sketchSignature).input(INPUT, sketches)
            .output(OUTPUT, sketchEmbedding).build();
        SavedModelBundle.exporter(dir.toString())
            .withFunction(SessionFunction.create(photo, session))
            .withFunction(SessionFunction.create(sketch, session))
            .export();
      } catch (IOException e) {
        throw new UncheckedIOException("Cannot export the model to " + dir + ": " + e.getMessage(), e);
      }
    }
  }
}
