package org.fgsbir.jobs.tf;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.fgsbir.core.image.ImageTensor;
import org.fgsbir.core.image.PhotoOptions;
import org.fgsbir.core.image.PhotoPreprocessor;
import org.fgsbir.core.metrics.RankedStep;
import org.fgsbir.core.metrics.RetrievalMetrics;
import org.fgsbir.core.metrics.Summary;
import org.fgsbir.core.partial.PartialProtocol;
import org.fgsbir.core.partial.PartialSketch;
import org.fgsbir.core.raster.RasterOptions;
import org.fgsbir.core.raster.Rasterizer;
import org.fgsbir.core.retrieval.ExactRetrieval;
import org.fgsbir.core.retrieval.Gallery;
import org.fgsbir.core.samples.GeneratedInstance;
import org.fgsbir.core.samples.SampleCatalogueGenerator;
import org.fgsbir.core.samples.SampleCategory;
import org.fgsbir.core.sketch.Sketch;
import org.fgsbir.core.sketch.SketchReaders;

/**
 * Trains the two-branch FG-SBIR network on a catalogue laid out as {@code data-samples/} (a
 * {@code catalogue/manifest.csv} and {@code sketches/sketches.ndjson}): triplet ranking loss (anchor =
 * sketch, positive = its photo, negative = another photo of the same category: random, all or hardest in the
 * batch), Adam, flip + affine augmentation, optional partial sketches (random prefixes under the stroke
 * and the 17-step point protocol), fixed seeds. Each epoch logs the loss per step, validates on the test
 * split (acc@1, acc@10, m@B over the validation protocol's steps, galleries = all photos of the category,
 * as score-sketches searches) and writes a checkpoint; a run restarted on the same output folder resumes
 * after the last completed epoch. At the end it exports {@code <output>/model} (SavedModel with
 * {@code embed_photo} / {@code embed_sketch}) with {@code model-card.json} inside.
 *
 * <p>Run: {@code java -cp ... org.fgsbir.jobs.tf.Trainer --data data-samples --output out/train
 * [--epochs 30 --batch-size 16 --dimension 128 --size 64 --seed 1 --partial --hard-negatives ...]};
 * {@code --help} lists the options.
 */
public final class Trainer {
  /** What the sketch branch sees in training. */
  public enum SketchLength {
    /** Complete sketches only. */
    COMPLETE,
    /** Half of the samples are random prefixes (stroke or 17-step point protocol, random step). */
    COMPLETE_AND_PARTIAL
  }

  /** How each anchor's negative is chosen among the other photos of its batch (same category). */
  public enum Negatives {
    /** A random other photo. */
    RANDOM,
    /** Every other photo, the hinge averaged over all of them (batch-all). */
    ALL,
    /** The most similar other photo (in-batch hard negative). */
    HARDEST
  }

  /** Training-time augmentation. */
  public enum Augmentation {
    /** None. */
    NONE,
    /** Joint horizontal flip of sketch and photo, then a small independent affine jitter of each. */
    FLIP_AND_AFFINE
  }

  /**
   * What to train and how.
   *
   * @param data catalogue folder with {@code catalogue/manifest.csv} and {@code sketches/sketches.ndjson}
   * @param output folder for the logs, checkpoint and exported model
   * @param epochs epochs in total (a resumed run trains the missing ones)
   * @param batchSize photos (and sketches) per step, all of one category
   * @param network the network's shape and initial-weight seed
   * @param seed seed of batching, augmentation and partial sketches
   * @param sketchLength complete sketches only, or partial ones too
   * @param negatives which in-batch negatives (random, all, hardest)
   * @param augmentation augmentation
   * @param margin triplet margin in cosine units
   * @param learningRate Adam's learning rate
   * @param validationProtocol partial-sketch protocol of the validation ({@code points17}, {@code stroke},
   *     {@code points1} = complete sketches only)
   * @param maxPhotosPerSplit photos kept per category and split, in manifest order (0 = all)
   * @param threads TensorFlow intra-op threads (inter-op: 1)
   * @param version model version written into the model card
   * @param generateInstances extra training instances per category made in memory with the project's sample
   *     generator ({@link SampleCatalogueGenerator}, default seed) at indices after the catalogue's own, so they
   *     never coincide with its (test) instances; 0 = none
   */
  public record Options(
      Path data, Path output, int epochs, int batchSize, NetworkConfig network, long seed, SketchLength sketchLength,
      Negatives negatives, Augmentation augmentation, float margin, float learningRate, String validationProtocol,
      int maxPhotosPerSplit, int threads, String version, int generateInstances) {

    /** Validates the values. */
    public Options {
      if (epochs < 1 || batchSize < 2) {
        throw new IllegalArgumentException("epochs must be >= 1 and batch size >= 2 but were " + epochs + " and "
            + batchSize);
      }
      if (generateInstances < 0) {
        throw new IllegalArgumentException("--generate-instances must be >= 0 but was " + generateInstances);
      }
      PartialProtocol.parse(validationProtocol);
    }

    /** Options without generated instances. */
    public Options(Path data, Path output, int epochs, int batchSize, NetworkConfig network, long seed,
        SketchLength sketchLength, Negatives negatives, Augmentation augmentation, float margin, float learningRate,
        String validationProtocol, int maxPhotosPerSplit, int threads, String version) {
      this(data, output, epochs, batchSize, network, seed, sketchLength, negatives, augmentation, margin,
          learningRate, validationProtocol, maxPhotosPerSplit, threads, version, 0);
    }
  }

  /**
   * Validation after one epoch.
   *
   * @param epoch 1-based epoch
   * @param meanLoss mean training loss of the epoch's steps
   * @param summary retrieval metrics on the test split
   * @param seconds wall time of the epoch including validation
   */
  public record EpochResult(int epoch, double meanLoss, Summary summary, double seconds) {}

  /**
   * What a run did.
   *
   * @param epochs the epochs this run trained (empty when the checkpoint was already complete)
   * @param stepLosses loss of every step this run took, in order
   * @param model the exported SavedModel folder
   */
  public record Result(List<EpochResult> epochs, List<Float> stepLosses, Path model) {}

  private Trainer() {}

  /** Command-line entry point; see the class comment. */
  public static void main(String[] args) {
    int code = run(args, System.out, System.err);
    if (code != 0) {
      System.exit(code);
    }
  }

  /**
   * Runs the command line ({@code fgsbir train ...}) and returns the exit code: 0 done (or help
   * printed), 2 bad options. Training failures propagate as exceptions.
   */
  public static int run(String[] args, PrintStream out, PrintStream err) {
    Options options;
    try {
      options = parse(args);
    } catch (IllegalArgumentException e) {
      err.println("train: " + e.getMessage());
      return 2;
    }
    if (options == null) {
      out.println(USAGE);
      return 0;
    }
    Result result = train(options);
    out.println("Model written to " + result.model());
    return 0;
  }

  /** Trains (or resumes) as {@code options} say and exports the model. */
  public static Result train(Options options) {
    long started = System.nanoTime();
    NetworkConfig network = options.network();
    PhotoOptions photoOptions = photoOptions(network.photoSize());
    RasterOptions rasterOptions = rasterOptions(network.sketchSize());
    Path checkpointDir = options.output().resolve("checkpoint");
    String prefix = checkpointDir.resolve("ckpt").toString();
    Path stateFile = checkpointDir.resolve("state.json");
    ObjectMapper json = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
    // A checkpoint that already holds every epoch only needs exporting: skip generating training instances.
    Data data = Data.load(options, photoOptions, epochsDone(json, stateFile) < options.epochs());
    List<EpochResult> epochs = new ArrayList<>();
    List<Float> losses = new ArrayList<>();
    try (TrainingGraph graph = new TrainingGraph(network, options.margin(), options.learningRate(),
        options.negatives(), options.threads(), 1)) {
      Files.createDirectories(checkpointDir);
      int done = 0;
      Map<String, Object> fingerprint = fingerprint(options);
      if (Files.exists(stateFile)) {
        @SuppressWarnings("unchecked")
        Map<String, Object> state = json.readValue(stateFile.toFile(), Map.class);
        // Compared as JSON text: numbers read back may be of another Java type than the ones written.
        if (!json.writeValueAsString(fingerprint).equals(json.writeValueAsString(state.get("options")))) {
          throw new IllegalArgumentException("Cannot resume the training in " + options.output() + ": its checkpoint"
              + " was written with other options " + state.get("options") + " than " + fingerprint
              + "; use the same options, or a new output folder.");
        }
        graph.restore(prefix);
        done = ((Number) state.get("epochsDone")).intValue();
        System.out.printf(Locale.ROOT, "Resuming after epoch %d from %s%n", done, prefix);
      }
      Path stepLog = options.output().resolve("steps.csv");
      Path epochLog = options.output().resolve("epochs.csv");
      if (done == 0) {
        Files.writeString(stepLog, "epoch,step,loss\n");
        Files.writeString(epochLog, "epoch,mean_loss,acc1,acc10,mB,mA,sketches,seconds\n");
        if (network.baselineFront()) {
          // The untrained network is the baseline-like descriptor: log where training starts from (epoch 0).
          long start = System.nanoTime();
          Summary initial = validate(graph, data, rasterOptions, PartialProtocol.parse(options.validationProtocol()));
          double seconds = (System.nanoTime() - start) / 1e9;
          System.out.printf(Locale.ROOT, "epoch 0 (untrained): test acc@1 %.3f acc@10 %.3f m@B %.3f m@A %.3f"
              + " (%d sketches, %s), %.1f s%n", initial.acc1(), initial.acc10(), initial.mB(), initial.mA(),
              initial.sketches(), options.validationProtocol(), seconds);
          Files.writeString(epochLog, String.format(Locale.ROOT, "0,,%.6f,%.6f,%.6f,%.6f,%d,%.2f%n", initial.acc1(),
              initial.acc10(), initial.mB(), initial.mA(), initial.sketches(), seconds), StandardOpenOption.APPEND);
        }
      }
      for (int epoch = done + 1; epoch <= options.epochs(); epoch++) {
        long epochStart = System.nanoTime();
        Random random = new Random(options.seed() * 1_000_003L + epoch);
        List<List<Data.Photo>> batches = data.batches(options.batchSize(), random);
        double sum = 0;
        StringBuilder steps = new StringBuilder();
        for (int b = 0; b < batches.size(); b++) {
          float loss = trainOn(graph, batches.get(b), data, options, rasterOptions, photoOptions, random);
          losses.add(loss);
          sum += loss;
          steps.append(epoch).append(',').append(b + 1).append(',').append(loss).append('\n');
          System.out.printf(Locale.ROOT, "epoch %d step %d/%d loss %.4f%n", epoch, b + 1, batches.size(), loss);
        }
        Files.writeString(stepLog, steps, StandardOpenOption.APPEND);
        Summary summary = validate(graph, data, rasterOptions, PartialProtocol.parse(options.validationProtocol()));
        double seconds = (System.nanoTime() - epochStart) / 1e9;
        EpochResult result = new EpochResult(epoch, sum / Math.max(1, batches.size()), summary, seconds);
        epochs.add(result);
        System.out.printf(Locale.ROOT, "epoch %d: mean loss %.4f, test acc@1 %.3f acc@10 %.3f m@B %.3f m@A %.3f"
            + " (%d sketches, %s), %.1f s%n", epoch, result.meanLoss(), summary.acc1(), summary.acc10(),
            summary.mB(), summary.mA(), summary.sketches(), options.validationProtocol(), seconds);
        Files.writeString(epochLog, String.format(Locale.ROOT, "%d,%.6f,%.6f,%.6f,%.6f,%.6f,%d,%.2f%n", epoch,
            result.meanLoss(), summary.acc1(), summary.acc10(), summary.mB(), summary.mA(), summary.sketches(),
            seconds), StandardOpenOption.APPEND);
        graph.save(prefix);
        Map<String, Object> state = new LinkedHashMap<>();
        state.put("epochsDone", epoch);
        state.put("options", fingerprint);
        state.put("validation", metrics(summary, options.validationProtocol()));
        Path tmp = checkpointDir.resolve("state.json.tmp");
        json.writeValue(tmp.toFile(), state);
        Files.move(tmp, stateFile, java.nio.file.StandardCopyOption.REPLACE_EXISTING,
            java.nio.file.StandardCopyOption.ATOMIC_MOVE);
      }
      Path model = options.output().resolve("model");
      deleteRecursively(model);
      SavedModelExport.export(network, prefix, model);
      @SuppressWarnings("unchecked")
      Map<String, Object> state = json.readValue(stateFile.toFile(), Map.class);
      json.writeValue(model.resolve("model-card.json").toFile(), modelCard(options, photoOptions, rasterOptions,
          data, state.get("validation"), ((Number) state.get("epochsDone")).intValue(),
          (System.nanoTime() - started) / 1e9));
      return new Result(epochs, losses, model);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static int epochsDone(ObjectMapper json, Path stateFile) {
    if (!Files.exists(stateFile)) {
      return 0;
    }
    try {
      return json.readTree(stateFile.toFile()).path("epochsDone").asInt(0);
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot read the checkpoint state " + stateFile + ": " + e.getMessage(), e);
    }
  }

  private static float trainOn(TrainingGraph graph, List<Data.Photo> batch, Data data, Options options,
      RasterOptions rasterOptions, PhotoOptions photoOptions, Random random) {
    int n = batch.size();
    NetworkConfig network = options.network();
    int s = network.sketchSize();
    int p = network.photoSize();
    float[] sketches = new float[n * s * s];
    float[] photos = new float[n * p * p * 3];
    float[] paper = {rasterOptions.polarity() == RasterOptions.Polarity.DARK_ON_LIGHT ? 1f : 0f};
    float[] background = whiteIn(photoOptions);
    for (int i = 0; i < n; i++) {
      Data.Photo photo = batch.get(i);
      List<Sketch> drawn = data.trainSketches.get(photo.id());
      Sketch complete = drawn.get(random.nextInt(drawn.size()));
      Sketch shown = complete;
      if (options.sketchLength() == SketchLength.COMPLETE_AND_PARTIAL && random.nextBoolean()) {
        PartialProtocol protocol = random.nextBoolean() ? PartialProtocol.byStroke() : PartialProtocol.onTheFly();
        List<PartialSketch> steps = protocol.steps(complete);
        shown = steps.get(random.nextInt(steps.size())).drawn();
      }
      float[] raster = Rasterizer.render(shown, complete, rasterOptions).data();
      float[] image = photo.tensor().data();
      if (options.augmentation() == Augmentation.FLIP_AND_AFFINE) {
        boolean flip = random.nextBoolean();
        raster = Augmenter.transform(raster, 1, s, flip, 0.10, 6, 0.06, paper, random);
        // An aligning network locates the object against the photo's own background: fill with its corner
        // colour, not white, or the filled border would count as object.
        float[] fill = network.alignPhotos() ? new float[] {image[0], image[p * p], image[2 * p * p]} : background;
        image = Augmenter.transform(image, 3, p, flip, 0.05, 3, 0.04, fill, random);
      }
      Augmenter.putNhwc(raster, 1, s, sketches, i);
      Augmenter.putNhwc(image, 3, p, photos, i);
    }
    float[] mask = new float[n * n];
    for (int i = 0; i < n; i++) {
      if (options.negatives() != Negatives.RANDOM) {
        for (int j = 0; j < n; j++) {
          mask[i * n + j] = i == j ? 0f : 1f;
        }
      } else {
        int j = random.nextInt(n - 1);
        mask[i * n + (j >= i ? j + 1 : j)] = 1f;
      }
    }
    return graph.trainStep(sketches, photos, mask, n);
  }

  private static float[] whiteIn(PhotoOptions options) {
    float[] mean = options.mean();
    float[] std = options.std();
    return new float[] {(1 - mean[0]) / std[0], (1 - mean[1]) / std[1], (1 - mean[2]) / std[2]};
  }

  /**
   * Retrieval on the test split: every test sketch, at every step of {@code protocol}, against the gallery of
   * all photos of its category.
   */
  static Summary validate(TrainingGraph graph, Data data, RasterOptions rasterOptions, PartialProtocol protocol) {
    NetworkConfig network = graph.config();
    Map<String, Gallery> galleries = new HashMap<>();
    for (Map.Entry<String, List<Data.Photo>> entry : data.photosByCategory().entrySet()) {
      List<Data.Photo> photos = entry.getValue();
      float[][] vectors = embedAll(photos.stream().map(Data.Photo::tensor).toList(), 3, network.photoSize(),
          network.dimension(), graph::embedPhotos);
      galleries.put(entry.getKey(), Gallery.of(photos.stream().map(Data.Photo::id).toList(), Arrays.asList(vectors)));
    }
    List<RankedStep> rows = new ArrayList<>();
    List<ImageTensor> rasters = new ArrayList<>();
    List<PartialSketch> pending = new ArrayList<>();
    for (Sketch sketch : data.testSketches) {
      for (PartialSketch step : protocol.steps(sketch)) {
        pending.add(step);
        rasters.add(Rasterizer.render(step.drawn(), step.complete(), rasterOptions));
      }
    }
    float[][] queries = embedAll(rasters, 1, network.sketchSize(), network.dimension(), graph::embedSketches);
    for (int i = 0; i < pending.size(); i++) {
      PartialSketch step = pending.get(i);
      Gallery gallery = galleries.get(step.complete().category());
      int trueIndex = gallery.indexOf(step.complete().photoId().orElseThrow());
      int rank = ExactRetrieval.search(queries[i], gallery, trueIndex, 10).rank();
      rows.add(new RankedStep(step.complete().id(), step.step(), step.stepsTotal(), rank, gallery.size()));
    }
    return RetrievalMetrics.summarise(rows);
  }

  private interface BatchEmbedding {
    float[] embed(float[] nhwc, int n);
  }

  private static float[][] embedAll(List<ImageTensor> inputs, int channels, int size, int dimension,
      BatchEmbedding embedding) {
    final int batch = 64;
    float[][] out = new float[inputs.size()][];
    for (int start = 0; start < inputs.size(); start += batch) {
      int n = Math.min(batch, inputs.size() - start);
      float[] nhwc = new float[n * size * size * channels];
      for (int i = 0; i < n; i++) {
        Augmenter.putNhwc(inputs.get(start + i).data(), channels, size, nhwc, i);
      }
      float[] flat = embedding.embed(nhwc, n);
      for (int i = 0; i < n; i++) {
        out[start + i] = Arrays.copyOfRange(flat, i * dimension, (i + 1) * dimension);
      }
    }
    return out;
  }

  /** Photos in [0, 1] (unit normalisation), padded to a square on white. */
  static PhotoOptions photoOptions(int size) {
    PhotoOptions d = PhotoOptions.defaults();
    return new PhotoOptions(size, d.fit(), d.mean(), d.std(), false, d.maxPixels());
  }

  /**
   * The default raster (dark lines on light paper, fitted to the complete sketch) scaled to the size, the
   * same one {@code model.sketch.preset=default} with {@code model.sketch.size} gives at run time.
   */
  static RasterOptions rasterOptions(int size) {
    return RasterOptions.defaults().scaledTo(size);
  }

  private static Map<String, Object> fingerprint(Options o) {
    Map<String, Object> f = new LinkedHashMap<>();
    f.put("photoSize", o.network().photoSize());
    f.put("sketchSize", o.network().sketchSize());
    f.put("dimension", o.network().dimension());
    f.put("widths", o.network().widths());
    f.put("grid", o.network().grid());
    f.put("networkSeed", o.network().seed());
    f.put("seed", o.seed());
    f.put("batchSize", o.batchSize());
    f.put("sketchLength", o.sketchLength().name());
    f.put("negatives", o.negatives().name());
    f.put("augmentation", o.augmentation().name());
    f.put("margin", (double) o.margin());
    f.put("learningRate", (double) o.learningRate());
    f.put("maxPhotosPerSplit", o.maxPhotosPerSplit());
    // Added later: written only when set, so checkpoints of earlier runs still resume.
    if (o.network().alignPhotos()) {
      f.put("alignPhotos", true);
    }
    if (o.network().photoPool() != 1) {
      f.put("photoPool", o.network().photoPool());
    }
    if (o.generateInstances() > 0) {
      f.put("generateInstances", o.generateInstances());
    }
    if (o.network().baselineFront()) {
      f.put("baselineFront", true);
    }
    return f;
  }

  private static Map<String, Object> metrics(Summary s, String protocol) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("split", "test");
    m.put("protocol", protocol);
    m.put("gallery", "all photos of the sketch's category");
    m.put("sketches", s.sketches());
    m.put("acc1", s.acc1());
    m.put("acc10", s.acc10());
    m.put("mB", s.mB());
    m.put("mA", s.mA());
    return m;
  }

  private static Map<String, Object> modelCard(Options o, PhotoOptions photo, RasterOptions sketch, Data data,
      Object validation, int epochsTrained, double seconds) {
    NetworkConfig n = o.network();
    Map<String, Object> card = new LinkedHashMap<>();
    card.put("format", "fgsbir-model-card/1");
    card.put("engine", TensorFlowEmbedder.ENGINE);
    card.put("version", o.version());
    card.put("dimension", n.dimension());
    card.put("outputNormalisation", "L2 (unit length)");
    Map<String, Object> signatures = new LinkedHashMap<>();
    signatures.put("photo", Map.of("key", SavedModelExport.PHOTO_SIGNATURE, "input", SavedModelExport.INPUT,
        "output", SavedModelExport.OUTPUT, "inputShape", List.of(-1, n.photoSize(), n.photoSize(), 3)));
    signatures.put("sketch", Map.of("key", SavedModelExport.SKETCH_SIGNATURE, "input", SavedModelExport.INPUT,
        "output", SavedModelExport.OUTPUT, "inputShape", List.of(-1, n.sketchSize(), n.sketchSize(), 1)));
    card.put("signatures", signatures);
    card.put("tags", List.of("serve"));
    Map<String, Object> photoInput = new LinkedHashMap<>();
    photoInput.put("size", photo.size());
    photoInput.put("channels", "RGB (3); a plain photo, any alignment or edge channels happen inside the graph");
    photoInput.put("layout", "NHWC float32");
    photoInput.put("fit", photo.fit().name());
    photoInput.put("normalisation", "unit: pixels in [0, 1]");
    photoInput.put("mean", photo.mean());
    photoInput.put("std", photo.std());
    card.put("photoInput", photoInput);
    Map<String, Object> sketchInput = new LinkedHashMap<>();
    sketchInput.put("size", sketch.size());
    sketchInput.put("channels", 1);
    sketchInput.put("layout", "NHWC float32, values in [0, 1]");
    sketchInput.put("polarity", sketch.polarity().name());
    sketchInput.put("placement", sketch.placement().name());
    sketchInput.put("lineWidth", sketch.lineWidth());
    sketchInput.put("padding", sketch.padding());
    card.put("sketchInput", sketchInput);
    Map<String, Object> network = new LinkedHashMap<>();
    network.put("architecture", n.baselineFront()
        ? "baseline front end: per branch the baseline embedder's descriptor as fixed graph ops (ink plane, Sobel,"
            + " 12 unsigned orientation bins soft-binned by magnitude, bilinear pooling to a grid x grid map,"
            + " Hellinger, L2; photos aligned and turned into thinned soft-thresholded edges first), then a learned"
            + " residual d + W2 relu(W1 d + b1) initialised to zero, L2 normalisation"
        : "two towers of 3x3 conv + batch norm + ReLU blocks, 2x2 max pooling between"
        + " blocks, average pooling to a grid x grid map, linear projection, L2 normalisation");
    network.put("widths", n.widths());
    network.put("poolingGrid", n.grid());
    network.put("parameters", n.parameterCount(n.photoChannels()) + n.parameterCount(1));
    network.put("photoPreprocessingInGraph", n.alignPhotos()
        ? "aligned to the object's box (background = median of the border ring, threshold "
            + PhotoAlignment.DIFF_THRESHOLD + ", margin " + EmbeddingNetwork.padFraction(n.sketchSize())
            + " of the side as the sketch raster), then " + (n.baselineFront()
                ? "blurred, colour Sobel edges thinned and soft-thresholded into an ink plane (baseline front end)"
                : "Sobel magnitude of each channel appended (6 channels)")
        : "none (RGB as fed)");
    network.put("photoPool", n.photoPool());
    card.put("network", network);
    Map<String, Object> training = new LinkedHashMap<>();
    training.put("data", o.data().toString());
    training.put("trainPhotos", data.catalogueTrainPhotos + data.generatedPhotos);
    training.put("catalogueTrainPhotos", data.catalogueTrainPhotos);
    training.put("catalogueTrainSketches", data.catalogueTrainSketches);
    training.put("generatedInstancesPerCategory", o.generateInstances());
    training.put("generatedPhotos", data.generatedPhotos);
    if (o.generateInstances() > 0) {
      training.put("generatedSketchesPerInstance", "2-3 (the generator's default)");
    }
    if (o.generateInstances() > 0) {
      training.put("generated", "SampleCatalogueGenerator seed " + SampleCatalogueGenerator.DEFAULT_SEED
          + ", instance indices " + (data.generatedFrom) + ".." + (data.generatedFrom + o.generateInstances() - 1)
          + " per category (after the catalogue's own), all used for training");
    }
    training.put("epochs", epochsTrained);
    training.put("batchSize", o.batchSize());
    training.put("loss", "triplet ranking, margin " + o.margin() + " (cosine)");
    training.put("negatives", o.negatives().name());
    training.put("sketchLength", o.sketchLength().name());
    training.put("augmentation", o.augmentation().name());
    training.put("optimizer", "Adam, learning rate " + o.learningRate());
    training.put("seed", o.seed());
    training.put("networkSeed", n.seed());
    training.put("secondsThisRun", Math.round(seconds));
    card.put("training", training);
    card.put("validation", validation);
    return card;
  }

  private static void deleteRecursively(Path dir) throws IOException {
    if (!Files.exists(dir)) {
      return;
    }
    try (Stream<Path> walk = Files.walk(dir)) {
      for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
        Files.delete(p);
      }
    }
  }

  /** The catalogue: preprocessed photos and the sketches of each split. */
  static final class Data {
    /**
     * A preprocessed photo: catalogue photos keep their exact tensor; generated ones are kept as 8-bit
     * values (a quarter of the memory) and expanded on use.
     */
    record Photo(String id, String category, String split, ImageTensor exact, byte[] packed) {
      Photo(String id, String category, String split, ImageTensor tensor) {
        this(id, category, split, tensor, null);
      }

      ImageTensor tensor() {
        if (exact != null) {
          return exact;
        }
        int side = (int) Math.round(Math.sqrt(packed.length / 3.0));
        float[] data = new float[packed.length];
        for (int i = 0; i < data.length; i++) {
          data[i] = (packed[i] & 0xff) / 255f;
        }
        return new ImageTensor(3, side, side, data);
      }

      static Photo packed(String id, String category, ImageTensor tensor) {
        float[] data = tensor.data();
        byte[] bytes = new byte[data.length];
        for (int i = 0; i < data.length; i++) {
          bytes[i] = (byte) Math.round(Math.min(1f, Math.max(0f, data[i])) * 255f);
        }
        return new Photo(id, category, "generated", null, bytes);
      }
    }

    final List<Photo> photos;
    final Map<String, List<Sketch>> trainSketches;
    final List<Sketch> testSketches;
    int generatedPhotos;
    int generatedFrom;
    int catalogueTrainPhotos;
    int catalogueTrainSketches;

    private Data(List<Photo> photos, Map<String, List<Sketch>> trainSketches, List<Sketch> testSketches) {
      this.photos = photos;
      this.trainSketches = trainSketches;
      this.testSketches = testSketches;
    }

    static Data load(Options options, PhotoOptions photoOptions, boolean generate) {
      Path catalogue = options.data().resolve("catalogue");
      Path manifest = catalogue.resolve("manifest.csv");
      Path sketchFile = options.data().resolve("sketches/sketches.ndjson");
      PhotoPreprocessor preprocessor = new PhotoPreprocessor(photoOptions);
      List<Photo> photos = new ArrayList<>();
      Map<String, Integer> kept = new HashMap<>();
      Map<String, Integer> manifestCounts = new HashMap<>();
      try {
        List<String> lines = Files.readAllLines(manifest);
        for (int i = 1; i < lines.size(); i++) {
          String line = lines.get(i).trim();
          if (line.isEmpty()) {
            continue;
          }
          String[] f = line.split(",", -1);
          if (f.length != 4) {
            throw new IllegalArgumentException(manifest + " line " + (i + 1) + ": expected photo_id,category,split,path"
                + " but got '" + line + "'");
          }
          manifestCounts.merge(f[1], 1, Integer::sum);
          String key = f[1] + "/" + f[2];
          if (options.maxPhotosPerSplit() > 0 && kept.getOrDefault(key, 0) >= options.maxPhotosPerSplit()) {
            continue;
          }
          kept.merge(key, 1, Integer::sum);
          byte[] bytes = Files.readAllBytes(catalogue.resolve(f[3]));
          photos.add(new Photo(f[0], f[1], f[2], preprocessor.preprocess(f[0], bytes)));
        }
      } catch (IOException e) {
        throw new UncheckedIOException("Cannot read the catalogue " + manifest + ": " + e.getMessage(), e);
      }
      Map<String, Photo> byId = new HashMap<>();
      photos.forEach(p -> byId.put(p.id(), p));
      Map<String, List<Sketch>> train = new TreeMap<>();
      List<Sketch> test = new ArrayList<>();
      for (Sketch sketch : SketchReaders.readAll(sketchFile, null, null)) {
        Photo photo = sketch.photoId().map(byId::get).orElse(null);
        if (photo == null || sketch.pointCount() == 0) {
          continue;
        }
        if (photo.split().equals("train")) {
          train.computeIfAbsent(photo.id(), k -> new ArrayList<>()).add(sketch);
        } else if (photo.split().equals("test")) {
          test.add(sketch);
        }
      }
      if (train.isEmpty() || test.isEmpty()) {
        throw new IllegalArgumentException("Cannot train on " + options.data() + ": " + train.size()
            + " training photos with sketches and " + test.size() + " test sketches; both splits are needed.");
      }
      int from = 0;
      int catalogueTrainPhotos = train.size();
      int catalogueTrainSketches = train.values().stream().mapToInt(List::size).sum();
      List<Photo> generated = new ArrayList<>();
      int generatedCount = 0;
      if (options.generateInstances() > 0) {
        Map<String, Integer> perCategory = manifestCounts;
        from = perCategory.values().stream().mapToInt(Integer::intValue).max().orElse(0) + 1;
        if (generate) {
          generated = generate(options, photoOptions, perCategory.keySet(), from, byId.keySet(), train);
          generatedCount = generated.size();
        } else {
          // Export only: every generated instance has sketches, so the count is known without generating.
          generatedCount = perCategory.size() * options.generateInstances();
        }
      }
      List<Photo> all = new ArrayList<>(photos);
      all.addAll(generated);
      Data data = new Data(List.copyOf(all), train, List.copyOf(test));
      data.generatedPhotos = generatedCount;
      data.generatedFrom = from;
      data.catalogueTrainPhotos = catalogueTrainPhotos;
      data.catalogueTrainSketches = catalogueTrainSketches;
      return data;
    }

    /**
     * Generates {@code options.generateInstances()} instances per category at indices {@code from, from + 1,
     * ...} with the sample generator's default seed, in parallel; their sketches go into {@code train}.
     */
    private static List<Photo> generate(Options options, PhotoOptions photoOptions, java.util.Set<String> words,
        int from, java.util.Set<String> catalogueIds, Map<String, List<Sketch>> train) {
      long start = System.nanoTime();
      SampleCatalogueGenerator.Settings settings = SampleCatalogueGenerator.Settings.defaults();
      List<SampleCategory> categories = new ArrayList<>();
      for (String word : new java.util.TreeSet<>(words)) {
        try {
          categories.add(SampleCategory.parse(word));
        } catch (IllegalArgumentException e) {
          throw new IllegalArgumentException("--generate-instances: the catalogue's category '" + word + "' has no"
              + " sample generator (known: chair, shoe); drop --generate-instances for this catalogue.", e);
        }
      }
      int n = options.generateInstances();
      java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(
          Math.max(1, options.threads()));
      try {
        List<java.util.concurrent.Future<Object[]>> futures = new ArrayList<>();
        for (SampleCategory category : categories) {
          for (int i = from; i < from + n; i++) {
            int index = i;
            futures.add(pool.submit(() -> {
              GeneratedInstance inst = SampleCatalogueGenerator.generateInstance(category, index, settings);
              if (catalogueIds.contains(inst.photoId())) {
                throw new IllegalStateException("generated instance " + inst.photoId() + " is also in the catalogue");
              }
              PhotoPreprocessor preprocessor = new PhotoPreprocessor(photoOptions);
              Photo photo = Photo.packed(inst.photoId(), category.word(), preprocessor.preprocess(inst.photoId(),
                  inst.photoPng()));
              return new Object[] {photo, inst.sketches()};
            }));
          }
        }
        List<Photo> out = new ArrayList<>();
        for (java.util.concurrent.Future<Object[]> f : futures) {
          Object[] r = f.get();
          Photo photo = (Photo) r[0];
          @SuppressWarnings("unchecked")
          List<Sketch> sketches = (List<Sketch>) r[1];
          List<Sketch> drawn = sketches.stream().filter(s -> s.pointCount() > 0).toList();
          if (!drawn.isEmpty()) {
            out.add(photo);
            train.put(photo.id(), new ArrayList<>(drawn));
          }
        }
        System.out.printf(Locale.ROOT, "Generated %d training instances (%d per category, indices %d..%d) in %.1f s%n",
            out.size(), n, from, from + n - 1, (System.nanoTime() - start) / 1e9);
        return out;
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("interrupted while generating training instances", e);
      } catch (java.util.concurrent.ExecutionException e) {
        throw new IllegalStateException("Cannot generate training instances: " + e.getCause().getMessage(),
            e.getCause());
      } finally {
        pool.shutdownNow();
      }
    }

    /** The catalogue's photos (not the generated ones) by category: the validation galleries. */
    Map<String, List<Photo>> photosByCategory() {
      Map<String, List<Photo>> out = new TreeMap<>();
      for (Photo p : photos) {
        if (p.exact() == null) {
          continue;
        }
        out.computeIfAbsent(p.category(), k -> new ArrayList<>()).add(p);
      }
      return out;
    }

    /** One epoch's batches: each category's training photos shuffled and cut into batches of distinct photos. */
    List<List<Photo>> batches(int batchSize, Random random) {
      List<List<Photo>> batches = new ArrayList<>();
      Map<String, List<Photo>> byCategory = new TreeMap<>();
      for (Photo p : photos) {
        if (trainSketches.containsKey(p.id())) {
          byCategory.computeIfAbsent(p.category(), k -> new ArrayList<>()).add(p);
        }
      }
      for (List<Photo> list : byCategory.values()) {
        List<Photo> shuffled = new ArrayList<>(list);
        Collections.shuffle(shuffled, random);
        for (int start = 0; start + 2 <= shuffled.size(); start += batchSize) {
          batches.add(shuffled.subList(start, Math.min(start + batchSize, shuffled.size())));
        }
      }
      Collections.shuffle(batches, random);
      return batches;
    }
  }

  private static final String USAGE = "Usage: fgsbir train --data DIR --output DIR [--epochs 30] [--batch-size 16] [--dimension 128]"
      + " [--size 64 | --photo-size N --sketch-size N] [--widths 32,64,128,256] [--grid 4] [--seed 1] [--margin 0.2]"
      + " [--learning-rate 0.001] [--validation points17] [--max-photos-per-split 0] [--threads 2]"
      + " [--version V] [--negatives all|random|hardest] [--partial] [--no-augmentation]"
      + " [--align-photos] [--photo-pool 1] [--generate-instances 0]"
      + " [--baseline-front (with --size 128 --grid 10 --dimension 1200 --widths 256)]";

  /** Parses the command line; null when help was asked for. */
  static Options parse(String[] args) {
    Map<String, String> values = new LinkedHashMap<>();
    List<String> flags = List.of("--partial", "--no-augmentation", "--align-photos", "--baseline-front");
    List<String> keys = List.of("--data", "--output", "--epochs", "--batch-size", "--dimension", "--size",
        "--photo-size", "--sketch-size", "--widths", "--seed", "--margin", "--learning-rate", "--validation",
        "--max-photos-per-split", "--threads", "--version", "--negatives", "--grid", "--photo-pool",
        "--generate-instances");
    for (int i = 0; i < args.length; i++) {
      String a = args[i];
      if (a.equals("--help") || a.equals("-h")) {
        return null;
      }
      if (flags.contains(a)) {
        values.put(a, "true");
      } else if (keys.contains(a) && i + 1 < args.length) {
        values.put(a, args[++i]);
      } else {
        throw new IllegalArgumentException("unknown or incomplete option '" + a + "'; known: " + keys + " " + flags);
      }
    }
    if (!values.containsKey("--data") || !values.containsKey("--output")) {
      throw new IllegalArgumentException("--data DIR and --output DIR are required (see --help)");
    }
    int size = Integer.parseInt(values.getOrDefault("--size", "64"));
    int photoSize = Integer.parseInt(values.getOrDefault("--photo-size", String.valueOf(size)));
    int sketchSize = Integer.parseInt(values.getOrDefault("--sketch-size", String.valueOf(size)));
    int dimension = Integer.parseInt(values.getOrDefault("--dimension", "128"));
    long seed = Long.parseLong(values.getOrDefault("--seed", "1"));
    List<Integer> widths = values.containsKey("--widths")
        ? Arrays.stream(values.get("--widths").split(",")).map(String::trim).map(Integer::valueOf).toList()
        : NetworkConfig.defaultWidths();
    int grid = Integer.parseInt(values.getOrDefault("--grid", "4"));
    NetworkConfig network = new NetworkConfig(photoSize, sketchSize, dimension, widths, grid, seed,
        values.containsKey("--align-photos"), Integer.parseInt(values.getOrDefault("--photo-pool", "1")),
        values.containsKey("--baseline-front"));
    return new Options(Path.of(values.get("--data")), Path.of(values.get("--output")),
        Integer.parseInt(values.getOrDefault("--epochs", "30")), Integer.parseInt(values.getOrDefault("--batch-size", "16")),
        network, seed,
        values.containsKey("--partial") ? SketchLength.COMPLETE_AND_PARTIAL : SketchLength.COMPLETE,
        Negatives.valueOf(values.getOrDefault("--negatives", "all").toUpperCase(Locale.ROOT)),
        values.containsKey("--no-augmentation") ? Augmentation.NONE : Augmentation.FLIP_AND_AFFINE,
        Float.parseFloat(values.getOrDefault("--margin", "0.2")),
        Float.parseFloat(values.getOrDefault("--learning-rate", "0.001")),
        values.getOrDefault("--validation", "points17"),
        Integer.parseInt(values.getOrDefault("--max-photos-per-split", "0")),
        Integer.parseInt(values.getOrDefault("--threads", "2")),
        values.getOrDefault("--version", "tf-sbir-d" + dimension + "-s" + seed),
        Integer.parseInt(values.getOrDefault("--generate-instances", "0")));
  }
}
