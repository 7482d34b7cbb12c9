package org.fgsbir.jobs.tf;

import java.util.List;

/**
 * Shape of the two-branch embedding network: input sides, embedding dimension, convolution widths
 * (one 3x3 conv + batch norm + ReLU block per width, 2x2 max pooling between blocks), the spatial grid the
 * last feature map is average-pooled to before the linear projection (1 = global average pooling; a
 * larger grid keeps where features are, which fine-grained retrieval needs) and the seed of the initial
 * weights.
 *
 * @param photoSize photo input side (RGB, NHWC)
 * @param sketchSize sketch input side (1 channel, NHWC)
 * @param dimension embedding dimension
 * @param widths output channels of each convolution block
 * @param grid side of the pooled grid before the projection; must divide the last feature map's side
 * @param seed seed of the weight initialisation
 * @param alignPhotos whether the photo branch aligns the photo to its object's box and appends Sobel edge
 *     channels inside the graph ({@link PhotoAlignment}); the SavedModel still takes plain RGB photos
 * @param photoPool average-pooling factor applied to the (prepared) photo before the photo tower's first
 *     convolution (1 = none), so a large photo input stays cheap
 * @param baselineFront instead of the CNN towers, each branch computes the baseline embedder's descriptor
 *     as fixed graph ops ({@link BaselineFront}; photos aligned first) and adds a learned residual
 *     {@code W2 relu(W1 d + b1)} initialised to zero, so the untrained network is the baseline-like
 *     descriptor; {@code widths} then holds the one hidden width, {@code grid} the descriptor's grid, and the
 *     dimension must be {@code 12 * grid * grid}
 */
public record NetworkConfig(int photoSize, int sketchSize, int dimension, List<Integer> widths, int grid, long seed,
    boolean alignPhotos, int photoPool, boolean baselineFront) {

  /** A CNN network (no baseline front end). */
  public NetworkConfig(int photoSize, int sketchSize, int dimension, List<Integer> widths, int grid, long seed,
      boolean alignPhotos, int photoPool) {
    this(photoSize, sketchSize, dimension, widths, grid, seed, alignPhotos, photoPool, false);
  }

  /** A plain network: RGB photo input, no alignment, no pooling before the first convolution. */
  public NetworkConfig(int photoSize, int sketchSize, int dimension, List<Integer> widths, int grid, long seed) {
    this(photoSize, sketchSize, dimension, widths, grid, seed, false, 1, false);
  }

  /** Validates the values. */
  public NetworkConfig {
    if (photoSize < 8 || sketchSize < 8) {
      throw new IllegalArgumentException("input sizes must be >= 8 but were photo " + photoSize + ", sketch "
          + sketchSize);
    }
    if (dimension < 1) {
      throw new IllegalArgumentException("embedding dimension must be >= 1 but was " + dimension);
    }
    widths = List.copyOf(widths);
    if (widths.isEmpty() || widths.stream().anyMatch(w -> w < 1)) {
      throw new IllegalArgumentException("convolution widths must be a non-empty list of positive counts but were "
          + widths);
    }
    if (photoPool < 1 || photoSize % photoPool != 0) {
      throw new IllegalArgumentException("photo pooling factor " + photoPool + " must be >= 1 and divide the photo"
          + " size " + photoSize);
    }
    if (baselineFront) {
      if (widths.size() != 1) {
        throw new IllegalArgumentException("the baseline front end takes one hidden width for its residual head (e.g."
            + " --widths 256) but got " + widths);
      }
      if (photoSize / photoPool != sketchSize) {
        throw new IllegalArgumentException("the baseline front end describes photo and sketch on one canvas: photo size"
            + " / photo pool (" + photoSize + " / " + photoPool + ") must equal the sketch size " + sketchSize);
      }
      if (grid < 1 || dimension != BaselineFront.dimension(grid)) {
        throw new IllegalArgumentException("the baseline front end's dimension is 12 x grid x grid = "
            + BaselineFront.dimension(Math.max(grid, 0)) + " for grid " + grid + " but --dimension was " + dimension
            + "; pass --dimension " + BaselineFront.dimension(Math.max(grid, 0)));
      }
      alignPhotos = true;
    }
    for (int size : baselineFront ? new int[0] : new int[] {photoSize / photoPool, sketchSize}) {
      int side = finalSide(size, widths.size());
      if (grid < 1 || side % grid != 0) {
        throw new IllegalArgumentException("pooling grid " + grid + " must divide the last feature map's side " + side
            + " (input " + size + " after " + (widths.size() - 1) + " poolings); choose a grid dividing " + side);
      }
    }
  }

  /** Side of the last feature map for an input of {@code size} (2x2 max pooling, SAME, between blocks). */
  static int finalSide(int size, int blocks) {
    int side = size;
    for (int i = 1; i < blocks; i++) {
      side = (side + 1) / 2;
    }
    return side;
  }

  /** Channels the photo tower's first convolution sees: 3 (RGB) or 6 (aligned RGB + edges). */
  public int photoChannels() {
    return alignPhotos ? PhotoAlignment.CHANNELS : 3;
  }

  /** The side of the photo tower's first feature map. */
  public int photoTowerSize() {
    return photoSize / photoPool;
  }

  /** The default widths: four blocks of 32, 64, 128 and 256 channels (0.39 M conv weights per branch). */
  public static List<Integer> defaultWidths() {
    return List.of(32, 64, 128, 256);
  }

  /** Number of trainable weights in one branch with {@code channels} input channels. */
  public long parameterCount(int channels) {
    if (baselineFront) {
      return 2L * dimension * widths.get(0) + widths.get(0);
    }
    long count = 0;
    int in = channels;
    for (int w : widths) {
      count += 9L * in * w + 2L * w;
      in = w;
    }
    return count + (long) in * grid * grid * dimension + dimension;
  }
}
