package org.fgsbir.jobs.tf;

import java.util.ArrayList;
import java.util.List;
import org.tensorflow.Operand;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.op.Op;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Variable;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt32;

/**
 * The two-branch FG-SBIR network (in the spirit of Yu et al., "Sketch Me That Shoe", CVPR 2016) built
 * into a TensorFlow graph: a photo tower (RGB) and a sketch tower (1 channel), each a small CNN of
 * conv/batch-norm/ReLU/max-pool blocks, average pooling to a small spatial grid and a linear projection
 * to the embedding dimension, L2-normalised. Inputs are NHWC float batches.
 *
 * <p>Variables are created once per tower, named after {@value #PHOTO_SCOPE} and {@value #SKETCH_SCOPE}, with
 * the same names in every graph this class builds, so a checkpoint of the training graph restores
 * into the inference graph that is exported. Initial weights come from stateless random ops seeded by
 * {@link NetworkConfig#seed()}: the same config gives the same initial model.
 */
final class EmbeddingNetwork {
  static final String PHOTO_SCOPE = "photo";
  static final String SKETCH_SCOPE = "sketch";
  private static final float BN_EPSILON = 1e-3f;
  private static final float BN_MOMENTUM = 0.9f;

  private final NetworkConfig config;
  private final Ops tf;
  private final Tower photo;
  private final Tower sketch;
  private final ResidualHead photoHead;
  private final ResidualHead sketchHead;

  EmbeddingNetwork(Ops tf, NetworkConfig config) {
    this.config = config;
    this.tf = tf;
    if (config.baselineFront()) {
      this.photo = null;
      this.sketch = null;
      this.photoHead = new ResidualHead(tf, PHOTO_SCOPE, config, 1);
      this.sketchHead = new ResidualHead(tf, SKETCH_SCOPE, config, 2);
    } else {
      this.photo = new Tower(tf, PHOTO_SCOPE, config, config.photoChannels(), 1);
      this.sketch = new Tower(tf, SKETCH_SCOPE, config, 1, 2);
      this.photoHead = null;
      this.sketchHead = null;
    }
  }

  NetworkConfig config() {
    return config;
  }

  /** Photo embeddings [batch, dimension] of an NHWC [batch, size, size, 3] input. */
  Operand<TFloat32> embedPhotos(Operand<TFloat32> input, boolean training) {
    Operand<TFloat32> x = input;
    if (config.baselineFront()) {
      x = PhotoAlignment.alignGraph(tf, x, config.photoSize(), padFraction(config.sketchSize()));
      if (config.photoPool() > 1) {
        long f = config.photoPool();
        x = tf.nn.avgPool(x, List.of(1L, f, f, 1L), List.of(1L, f, f, 1L), "VALID");
      }
      return photoHead.apply(BaselineFront.photo(tf, x, config.photoTowerSize(), config.grid()));
    }
    if (config.alignPhotos()) {
      x = PhotoAlignment.graph(tf, x, config.photoSize(), padFraction(config.sketchSize()));
    }
    if (config.photoPool() > 1) {
      long f = config.photoPool();
      x = tf.nn.avgPool(x, List.of(1L, f, f, 1L), List.of(1L, f, f, 1L), "VALID");
    }
    return photo.apply(x, training);
  }

  /** The sketch raster's margin as a fraction of its side: photos are aligned with the same margin. */
  static float padFraction(int sketchSize) {
    org.fgsbir.core.raster.RasterOptions r = Trainer.rasterOptions(sketchSize);
    return r.padding() / r.size();
  }

  /** Sketch embeddings [batch, dimension] of an NHWC [batch, size, size, 1] input. */
  Operand<TFloat32> embedSketches(Operand<TFloat32> input, boolean training) {
    if (config.baselineFront()) {
      return sketchHead.apply(BaselineFront.sketch(tf, input, config.sketchSize(), config.grid()));
    }
    return sketch.apply(input, training);
  }

  /** The weights that training changes (not the batch-norm moving averages). */
  List<Variable<TFloat32>> trainableVariables() {
    if (config.baselineFront()) {
      List<Variable<TFloat32>> all = new ArrayList<>(photoHead.trainable());
      all.addAll(sketchHead.trainable());
      return all;
    }
    List<Variable<TFloat32>> all = new ArrayList<>(photo.trainable());
    all.addAll(sketch.trainable());
    return all;
  }

  /** The moving-average updates of every batch norm applied in training mode so far; run them each step. */
  List<Op> batchNormUpdates() {
    if (config.baselineFront()) {
      return List.of();
    }
    List<Op> all = new ArrayList<>(photo.updates);
    all.addAll(sketch.updates);
    return all;
  }

  /**
   * The learned part of a baseline-front branch: {@code L2(d + W2 relu(W1 d + b1))} on the descriptor d, with W2
   * (and so the residual) zero at the start, so training starts from the descriptor itself.
   */
  private static final class ResidualHead {
    private final Ops tf;
    private final Variable<TFloat32> w1;
    private final Variable<TFloat32> b1;
    private final Variable<TFloat32> w2;

    ResidualHead(Ops root, String name, NetworkConfig config, long towerSeed) {
      this.tf = root.withSubScope(name);
      Ops init = root.withSubScope(name + "_init");
      int d = config.dimension();
      int hidden = config.widths().get(0);
      w1 = root.withName(name + "_residual_w1").variable(randomNormal(init, Shape.of(d, hidden),
          (float) Math.sqrt(2.0 / d), config.seed(), towerSeed * 1000 + 1));
      b1 = root.withName(name + "_residual_b1").variable(filled(init, hidden, 0f));
      w2 = root.withName(name + "_residual_w2").variable(init.fill(init.constant(new int[] {hidden, d}),
          init.constant(0f)));
    }

    List<Variable<TFloat32>> trainable() {
      return List.of(w1, b1, w2);
    }

    Operand<TFloat32> apply(Operand<TFloat32> descriptor) {
      Operand<TFloat32> hidden = tf.nn.relu(tf.math.add(tf.linalg.matMul(descriptor, w1), b1));
      return l2Normalise(tf, tf.math.add(descriptor, tf.linalg.matMul(hidden, w2)));
    }
  }

  /** One branch: the variables and how they apply to an input. */
  private static final class Tower {
    private final Ops tf;
    private final List<Variable<TFloat32>> kernels = new ArrayList<>();
    private final List<Variable<TFloat32>> gammas = new ArrayList<>();
    private final List<Variable<TFloat32>> betas = new ArrayList<>();
    private final List<Variable<TFloat32>> movingMeans = new ArrayList<>();
    private final List<Variable<TFloat32>> movingVariances = new ArrayList<>();
    private final Variable<TFloat32> projection;
    private final Variable<TFloat32> bias;
    private final List<Op> updates = new ArrayList<>();
    private final int grid;
    private final int side;
    private final int features;

    // Variable names are flat (photo_block0_kernel, ...): the framework's optimizers derive slot names
    // from them and refuse a '/' in an op name.
    Tower(Ops root, String name, NetworkConfig config, int channels, long towerSeed) {
      this.tf = root.withSubScope(name);
      Ops init = root.withSubScope(name + "_init");
      int in = channels;
      long layer = 0;
      for (int w : config.widths()) {
        String block = name + "_block" + layer + "_";
        float std = (float) Math.sqrt(2.0 / (9.0 * in));
        kernels.add(root.withName(block + "kernel").variable(
            randomNormal(init, Shape.of(3, 3, in, w), std, config.seed(), towerSeed * 1000 + layer)));
        gammas.add(root.withName(block + "gamma").variable(filled(init, w, 1f)));
        betas.add(root.withName(block + "beta").variable(filled(init, w, 0f)));
        movingMeans.add(root.withName(block + "moving_mean").variable(filled(init, w, 0f)));
        movingVariances.add(root.withName(block + "moving_variance").variable(filled(init, w, 1f)));
        in = w;
        layer++;
      }
      this.grid = config.grid();
      this.side = NetworkConfig.finalSide(towerSeed == 1 ? config.photoTowerSize() : config.sketchSize(),
          config.widths().size());
      this.features = in * grid * grid;
      projection = root.withName(name + "_head_projection").variable(randomNormal(init,
          Shape.of(features, config.dimension()), (float) Math.sqrt(1.0 / features), config.seed(),
          towerSeed * 1000 + 999));
      bias = root.withName(name + "_head_bias").variable(filled(init, config.dimension(), 0f));
    }

    List<Variable<TFloat32>> trainable() {
      List<Variable<TFloat32>> all = new ArrayList<>(kernels);
      all.addAll(gammas);
      all.addAll(betas);
      all.add(projection);
      all.add(bias);
      return all;
    }

    Operand<TFloat32> apply(Operand<TFloat32> input, boolean training) {
      Operand<TFloat32> x = input;
      for (int i = 0; i < kernels.size(); i++) {
        if (i > 0) {
          x = tf.nn.maxPool(x, tf.constant(new int[] {1, 2, 2, 1}), tf.constant(new int[] {1, 2, 2, 1}), "SAME");
        }
        x = tf.nn.conv2d(x, kernels.get(i), List.of(1L, 1L, 1L, 1L), "SAME");
        x = tf.nn.relu(batchNorm(x, i, training));
      }
      long window = side / grid;
      Operand<TFloat32> pooled = tf.reshape(
          tf.nn.avgPool(x, List.of(1L, window, window, 1L), List.of(1L, window, window, 1L), "VALID"),
          tf.constant(new int[] {-1, features}));
      Operand<TFloat32> projected = tf.math.add(tf.linalg.matMul(pooled, projection), bias);
      return l2Normalise(tf, projected);
    }

    private Operand<TFloat32> batchNorm(Operand<TFloat32> x, int i, boolean training) {
      Operand<TFloat32> mean;
      Operand<TFloat32> variance;
      if (training) {
        Operand<TInt32> axes = tf.constant(new int[] {0, 1, 2});
        mean = tf.math.mean(x, axes);
        variance = tf.math.mean(tf.math.squaredDifference(x, mean), axes);
        updates.add(movingAverage(movingMeans.get(i), mean));
        updates.add(movingAverage(movingVariances.get(i), variance));
      } else {
        mean = movingMeans.get(i);
        variance = movingVariances.get(i);
      }
      Operand<TFloat32> scale = tf.math.mul(tf.math.rsqrt(tf.math.add(variance, tf.constant(BN_EPSILON))),
          gammas.get(i));
      return tf.math.add(tf.math.mul(tf.math.sub(x, mean), scale), betas.get(i));
    }

    private Op movingAverage(Variable<TFloat32> average, Operand<TFloat32> batchValue) {
      Operand<TFloat32> stopped = tf.stopGradient(batchValue);
      return tf.assign(average, tf.math.add(tf.math.mul(average, tf.constant(BN_MOMENTUM)),
          tf.math.mul(stopped, tf.constant(1f - BN_MOMENTUM))));
    }
  }

  /** Rows scaled to unit length (rows of zeros stay near zero instead of dividing by zero). */
  static Operand<TFloat32> l2Normalise(Ops tf, Operand<TFloat32> x) {
    Operand<TFloat32> squared = tf.reduceSum(tf.math.square(x), tf.constant(new int[] {1}),
        org.tensorflow.op.core.ReduceSum.keepDims(true));
    return tf.math.mul(x, tf.math.rsqrt(tf.math.maximum(squared, tf.constant(1e-12f))));
  }

  private static Operand<TFloat32> randomNormal(Ops tf, Shape shape, float std, long seed, long stream) {
    Operand<TFloat32> unit = tf.random.statelessRandomNormal(tf.constant(shape.asArray()),
        tf.constant(new long[] {seed, stream}), TFloat32.class);
    return tf.math.mul(unit, tf.constant(std));
  }

  private static Operand<TFloat32> filled(Ops tf, int length, float value) {
    return tf.fill(tf.constant(new int[] {length}), tf.constant(value));
  }
}
