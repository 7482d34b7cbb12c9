package org.fgsbir.core.pseudo;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.fgsbir.core.embed.Branch;
import org.fgsbir.core.embed.Embedder;
import org.fgsbir.core.embed.Embedders;
import org.fgsbir.core.embed.ModelSpec;
import org.fgsbir.core.image.ImageTensor;
import org.fgsbir.core.image.PhotoPreprocessor;
import org.fgsbir.core.metrics.RankedStep;
import org.fgsbir.core.metrics.RetrievalMetrics;
import org.fgsbir.core.metrics.Summary;
import org.fgsbir.core.partial.PartialProtocol;
import org.fgsbir.core.partial.PartialSketch;
import org.fgsbir.core.raster.Rasterizer;
import org.fgsbir.core.retrieval.ExactRetrieval;
import org.fgsbir.core.retrieval.Gallery;
import org.fgsbir.core.sketch.Sketch;

/**
 * Retrieval of photos by their own pseudo-sketches ({@link PseudoSketchTracer}): every photo is embedded
 * into one gallery, each pseudo-sketch is cut into partial sketches by each protocol, and the rank of its
 * photo among all the photos gives acc@K of the complete sketch and m@A/m@B over the steps.
 */
public final class PseudoSketchEvaluation {
  private PseudoSketchEvaluation() {}

  /**
   * A photo of the gallery.
   *
   * @param id the photo id
   * @param bytes the encoded photo
   */
  public record Photo(String id, byte[] bytes) {
    /** Checks the values. */
    public Photo {
      Objects.requireNonNull(id, "id");
      Objects.requireNonNull(bytes, "bytes");
    }
  }

  /**
   * The sketches of one evaluation, traced once so several models see the same ones.
   *
   * @param sketches every pseudo-sketch, in photo order
   * @param photos the photos, in gallery order
   */
  public record SketchSet(List<Photo> photos, List<Sketch> sketches) {}

  /**
   * One protocol's result for one model.
   *
   * @param model the model version
   * @param protocol the protocol name
   * @param summary acc@K of the complete sketch and m@A/m@B over the steps
   * @param queries partial sketches scored
   */
  public record Result(String model, String protocol, Summary summary, long queries) {}

  /** Traces {@code perPhoto} pseudo-sketches of every photo. */
  public static SketchSet trace(List<Photo> photos, String category, PseudoSketchTracer tracer, int perPhoto) {
    List<Sketch> sketches = new ArrayList<>();
    for (Photo p : photos) {
      sketches.addAll(tracer.trace(p.id(), category, p.bytes(), perPhoto));
    }
    return new SketchSet(List.copyOf(photos), List.copyOf(sketches));
  }

  /**
   * Scores the sketch set with a model under each protocol.
   *
   * @param set photos and their pseudo-sketches
   * @param spec the model (both branches are opened)
   * @param protocols how sketches are cut into steps
   * @param batchSize inputs per embedder call
   */
  public static List<Result> evaluate(SketchSet set, ModelSpec spec, List<PartialProtocol> protocols, int batchSize) {
    Gallery gallery = gallery(set.photos(), spec, batchSize);
    List<Result> results = new ArrayList<>();
    try (Embedder embedder = Embedders.open(spec, Branch.SKETCH)) {
      for (PartialProtocol protocol : protocols) {
        List<RankedStep> ranked = new ArrayList<>();
        List<PartialSketch> pending = new ArrayList<>();
        List<ImageTensor> rasters = new ArrayList<>();
        for (Sketch sketch : set.sketches()) {
          for (PartialSketch step : protocol.steps(sketch)) {
            pending.add(step);
            rasters.add(Rasterizer.render(step.drawn(), step.complete(), spec.sketch()));
            if (rasters.size() == batchSize) {
              rank(embedder, gallery, pending, rasters, ranked);
            }
          }
        }
        rank(embedder, gallery, pending, rasters, ranked);
        results.add(new Result(spec.version(), protocol.name(), RetrievalMetrics.summarise(ranked), ranked.size()));
      }
    }
    return results;
  }

  private static void rank(Embedder embedder, Gallery gallery, List<PartialSketch> steps, List<ImageTensor> rasters,
      List<RankedStep> out) {
    if (steps.isEmpty()) {
      return;
    }
    float[][] vectors = embedder.embed(rasters);
    for (int i = 0; i < vectors.length; i++) {
      PartialSketch s = steps.get(i);
      Sketch complete = s.complete();
      int truth = gallery.indexOf(complete.photoId().orElseThrow());
      int rank = ExactRetrieval.search(vectors[i], gallery, truth, 0).rank();
      out.add(new RankedStep(complete.id(), s.step(), s.stepsTotal(), rank, gallery.size()));
    }
    steps.clear();
    rasters.clear();
  }

  private static Gallery gallery(List<Photo> photos, ModelSpec spec, int batchSize) {
    PhotoPreprocessor preprocessor = new PhotoPreprocessor(spec.photo());
    List<String> ids = new ArrayList<>();
    List<float[]> vectors = new ArrayList<>();
    try (Embedder embedder = Embedders.open(spec, Branch.PHOTO)) {
      List<ImageTensor> batch = new ArrayList<>();
      for (Photo p : photos) {
        ids.add(p.id());
        batch.add(preprocessor.preprocess(p.id(), p.bytes()));
        if (batch.size() == batchSize) {
          vectors.addAll(List.of(embedder.embed(batch)));
          batch.clear();
        }
      }
      if (!batch.isEmpty()) {
        vectors.addAll(List.of(embedder.embed(batch)));
      }
    }
    return Gallery.of(ids, vectors);
  }
}
