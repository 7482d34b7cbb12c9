package org.fgsbir.jobs.tf;

import java.util.ArrayList;
import java.util.List;
import org.tensorflow.Graph;
import org.tensorflow.Operand;
import org.tensorflow.Output;
import org.tensorflow.framework.optimizers.Optimizer;
import org.tensorflow.op.core.Variable;
import org.tensorflow.types.family.TType;
import org.tensorflow.Session;
import org.tensorflow.framework.optimizers.Adam;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.ndarray.buffer.DataBuffers;
import org.tensorflow.op.Op;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Placeholder;
import org.tensorflow.op.linalg.MatMul;
import org.tensorflow.proto.ConfigProto;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt32;

/**
 * The training graph: the network's training path, a triplet ranking loss with margin and Adam, plus the
 * inference path (batch norm on moving averages) for validation, in one session.
 *
 * <p>Loss: for a batch of B sketches (anchors) and their B paired photos (positives), all of one category,
 * {@code sim = A P^T}; a fed mask (1 = allowed) says which other photos of the batch may serve as anchor
 * i's negative. The triplet hinge is {@code max(0, margin - sim(a, p) + sim(a, n))} in cosine units; with
 * {@link Trainer.Negatives#HARDEST} it is taken for the most similar allowed photo of each anchor and
 * averaged over anchors, otherwise averaged over every allowed pair (a one-hot mask = one given negative
 * per anchor).
 */
final class TrainingGraph implements AutoCloseable {
  private final NetworkConfig config;
  private final Graph graph;
  private final Session session;
  private final Placeholder<TFloat32> sketches;
  private final Placeholder<TFloat32> photos;
  private final Placeholder<TFloat32> negatives;
  private final Operand<TFloat32> loss;
  private final List<Op> trainTargets = new ArrayList<>();
  private final Placeholder<TFloat32> evalSketches;
  private final Placeholder<TFloat32> evalPhotos;
  private final Operand<TFloat32> sketchEmbedding;
  private final Operand<TFloat32> photoEmbedding;

  TrainingGraph(NetworkConfig config, float margin, float learningRate, Trainer.Negatives negativeMode,
      int intraOpThreads, int interOpThreads) {
    this.config = config;
    this.graph = new Graph();
    try {
      Ops tf = Ops.create(graph);
      EmbeddingNetwork network = new EmbeddingNetwork(tf, config);
      int s = config.sketchSize();
      int p = config.photoSize();
      sketches = tf.withName("train_sketches").placeholder(TFloat32.class, Placeholder.shape(Shape.of(-1, s, s, 1)));
      photos = tf.withName("train_photos").placeholder(TFloat32.class, Placeholder.shape(Shape.of(-1, p, p, 3)));
      negatives = tf.withName("negative_mask").placeholder(TFloat32.class, Placeholder.shape(Shape.of(-1, -1)));
      Operand<TFloat32> anchors = network.embedSketches(sketches, true);
      Operand<TFloat32> positives = network.embedPhotos(photos, true);
      Operand<TFloat32> similarity = tf.linalg.matMul(anchors, positives, MatMul.transposeB(true));
      Operand<TFloat32> positive = tf.reduceSum(tf.math.mul(anchors, positives), tf.constant(new int[] {1}));
      if (negativeMode == Trainer.Negatives.HARDEST) {
        Operand<TFloat32> excluded = tf.math.mul(tf.math.sub(tf.constant(1f), negatives), tf.constant(4f));
        Operand<TFloat32> negative = tf.reduceMax(tf.math.sub(similarity, excluded), tf.constant(new int[] {1}));
        Operand<TFloat32> hinge = tf.nn.relu(tf.math.add(tf.math.sub(tf.constant(margin), positive), negative));
        loss = tf.withName("loss").math.mean(hinge, tf.constant(new int[] {0}));
      } else {
        // Every allowed (anchor, negative) pair, averaged: one triplet per row for a one-hot mask.
        Operand<TFloat32> column = tf.reshape(positive, tf.constant(new int[] {-1, 1}));
        Operand<TFloat32> hinge = tf.nn.relu(tf.math.add(tf.math.sub(tf.constant(margin), column), similarity));
        Operand<TInt32> all = tf.constant(new int[] {0, 1});
        loss = tf.withName("loss").math.div(tf.reduceSum(tf.math.mul(hinge, negatives), all),
            tf.math.maximum(tf.reduceSum(negatives, all), tf.constant(1f)));
      }
      Adam adam = new Adam(graph, learningRate);
      // Gradients of the trainable weights only: the moving averages are unreachable from the loss, and
      // Optimizer.minimize would ask for the gradient of every variable in the graph.
      List<Variable<TFloat32>> variables = network.trainableVariables();
      Output<?>[] gradients = graph.addGradients(loss.asOutput(),
          variables.stream().map(Variable::asOutput).toArray(Output<?>[]::new));
      List<Optimizer.GradAndVar<? extends TType>> pairs = new ArrayList<>();
      for (int i = 0; i < variables.size(); i++) {
        @SuppressWarnings("unchecked")
        Output<TFloat32> gradient = (Output<TFloat32>) gradients[i];
        pairs.add(new Optimizer.GradAndVar<>(gradient, variables.get(i).asOutput()));
      }
      trainTargets.add(adam.applyGradients(pairs, "train"));
      trainTargets.addAll(network.batchNormUpdates());
      evalSketches = tf.withName("eval_sketches").placeholder(TFloat32.class, Placeholder.shape(Shape.of(-1, s, s, 1)));
      evalPhotos = tf.withName("eval_photos").placeholder(TFloat32.class, Placeholder.shape(Shape.of(-1, p, p, 3)));
      sketchEmbedding = network.embedSketches(evalSketches, false);
      photoEmbedding = network.embedPhotos(evalPhotos, false);
      ConfigProto proto = ConfigProto.newBuilder().setIntraOpParallelismThreads(intraOpThreads)
          .setInterOpParallelismThreads(interOpThreads).build();
      session = new Session(graph, proto);
      session.initialize();
    } catch (RuntimeException e) {
      graph.close();
      throw e;
    }
  }

  NetworkConfig config() {
    return config;
  }

  /**
   * One Adam step on a batch.
   *
   * @param sketchNhwc n sketch rasters, NHWC
   * @param photoNhwc the n paired photos, NHWC
   * @param negativeMask n x n row-major, 1 where photo j may serve as anchor i's negative
   * @param n batch size
   * @return the batch loss before the step
   */
  float trainStep(float[] sketchNhwc, float[] photoNhwc, float[] negativeMask, int n) {
    int s = config.sketchSize();
    int p = config.photoSize();
    try (TFloat32 sk = TFloat32.tensorOf(Shape.of(n, s, s, 1), DataBuffers.of(sketchNhwc, true, false));
        TFloat32 ph = TFloat32.tensorOf(Shape.of(n, p, p, 3), DataBuffers.of(photoNhwc, true, false));
        TFloat32 mask = TFloat32.tensorOf(Shape.of(n, n), DataBuffers.of(negativeMask, true, false))) {
      Session.Runner runner = session.runner().feed(sketches, sk).feed(photos, ph).feed(negatives, mask).fetch(loss);
      for (Op target : trainTargets) {
        runner.addTarget(target);
      }
      try (var result = runner.run()) {
        return ((TFloat32) result.get(0)).getFloat();
      }
    }
  }

  /** Sketch embeddings (inference path) of n NHWC rasters, row-major [n, dimension]. */
  float[] embedSketches(float[] nhwc, int n) {
    return embed(evalSketches, sketchEmbedding, nhwc, n, config.sketchSize(), 1);
  }

  /** Photo embeddings (inference path) of n NHWC photos, row-major [n, dimension]. */
  float[] embedPhotos(float[] nhwc, int n) {
    return embed(evalPhotos, photoEmbedding, nhwc, n, config.photoSize(), 3);
  }

  private float[] embed(Placeholder<TFloat32> input, Operand<TFloat32> output, float[] nhwc, int n, int size,
      int channels) {
    float[] out = new float[n * config.dimension()];
    try (TFloat32 in = TFloat32.tensorOf(Shape.of(n, size, size, channels), DataBuffers.of(nhwc, true, false));
        var result = session.runner().feed(input, in).fetch(output).run()) {
      ((TFloat32) result.get(0)).copyTo(DataBuffers.of(out, false, false));
    }
    return out;
  }

  /** Writes every variable (weights, batch-norm averages, Adam slots) to a checkpoint. */
  void save(String prefix) {
    session.save(prefix);
  }

  /** Restores every variable from a checkpoint written by {@link #save}. */
  void restore(String prefix) {
    session.restore(prefix);
  }

  @Override
  public void close() {
    session.close();
    graph.close();
  }
}
