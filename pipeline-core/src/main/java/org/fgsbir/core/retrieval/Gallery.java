package org.fgsbir.core.retrieval;

import java.io.Serializable;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * An immutable retrieval gallery: photo ids and their embedding vectors, stored row-major in one
 * {@code float[]} so a scan touches memory in order. Vectors are expected to be L2-normalised (the
 * embedders return them so), which makes the dot product the cosine similarity; the gallery itself only
 * checks that every vector has the same dimension and finite values, and that ids are unique. Safe to
 * share between threads (e.g. as a Spark broadcast value).
 */
public final class Gallery implements Serializable {
  private static final long serialVersionUID = 1L;

  private final String[] ids;
  private final float[] vectors;
  private final int dimension;
  private transient volatile Map<String, Integer> indexById;

  private Gallery(String[] ids, float[] vectors, int dimension) {
    this.ids = ids;
    this.vectors = vectors;
    this.dimension = dimension;
  }

  /**
   * Builds a gallery from parallel lists of ids and vectors; the vectors are copied.
   *
   * @param ids photo ids, non-blank and unique
   * @param vectors one vector per id, all of the same length (at least 1), finite values
   * @throws IllegalArgumentException if the lists are empty or differ in length, an id is blank or
   *     repeated, or a vector is null, of another dimension or holds a non-finite value; the message names
   *     the offending id and position
   */
  public static Gallery of(List<String> ids, List<float[]> vectors) {
    Objects.requireNonNull(ids, "ids");
    Objects.requireNonNull(vectors, "vectors");
    if (ids.size() != vectors.size()) {
      throw new IllegalArgumentException("Cannot build gallery: " + ids.size() + " ids but " + vectors.size()
          + " vectors; pass exactly one vector per id, in the same order");
    }
    if (ids.isEmpty()) {
      throw new IllegalArgumentException(
          "Cannot build gallery: no items; a gallery needs at least one photo vector to search");
    }
    int n = ids.size();
    float[] first = vectors.get(0);
    if (first == null || first.length == 0) {
      throw new IllegalArgumentException("Cannot build gallery: vector 0 (id '" + ids.get(0) + "') is "
          + (first == null ? "null" : "empty") + "; every item needs a vector of length >= 1");
    }
    int dimension = first.length;
    if ((long) n * dimension > Integer.MAX_VALUE - 8) {
      throw new IllegalArgumentException("Cannot build gallery: " + n + " x " + dimension
          + " values exceed one Java array; split the gallery (e.g. by category)");
    }
    String[] idArray = new String[n];
    float[] data = new float[n * dimension];
    Map<String, Integer> index = new HashMap<>(n * 2);
    for (int i = 0; i < n; i++) {
      String id = ids.get(i);
      if (id == null || id.isBlank()) {
        throw new IllegalArgumentException(
            "Cannot build gallery: id at position " + i + " is missing or blank; every photo needs an id");
      }
      Integer previous = index.putIfAbsent(id, i);
      if (previous != null) {
        throw new IllegalArgumentException("Cannot build gallery: id '" + id + "' appears at positions "
            + previous + " and " + i + "; gallery ids must be unique (deduplicate the photo table)");
      }
      float[] v = vectors.get(i);
      if (v == null || v.length != dimension) {
        throw new IllegalArgumentException("Cannot build gallery: vector of id '" + id + "' (position " + i
            + ") has dimension " + (v == null ? "null" : String.valueOf(v.length)) + " but the gallery's is "
            + dimension + " (from id '" + ids.get(0) + "'); embed all photos with the same model");
      }
      for (int d = 0; d < dimension; d++) {
        if (!Float.isFinite(v[d])) {
          throw new IllegalArgumentException("Cannot build gallery: vector of id '" + id + "' (position " + i
              + ") has non-finite value " + v[d] + " at component " + d + "; re-embed that photo");
        }
      }
      System.arraycopy(v, 0, data, i * dimension, dimension);
      idArray[i] = id;
    }
    Gallery gallery = new Gallery(idArray, data, dimension);
    gallery.indexById = index;
    return gallery;
  }

  /** Number of items, at least 1. */
  public int size() {
    return ids.length;
  }

  /** Length of every vector. */
  public int dimension() {
    return dimension;
  }

  /**
   * The id of the item at {@code index}.
   *
   * @throws IndexOutOfBoundsException if {@code index} is outside {@code 0..size()-1}
   */
  public String id(int index) {
    return ids[Objects.checkIndex(index, ids.length)];
  }

  /** The position of {@code id}, or -1 if the gallery does not hold it. */
  public int indexOf(String id) {
    Map<String, Integer> index = indexById;
    if (index == null) {
      index = new HashMap<>(ids.length * 2);
      for (int i = 0; i < ids.length; i++) {
        index.put(ids[i], i);
      }
      indexById = index;
    }
    Integer i = index.get(id);
    return i == null ? -1 : i;
  }

  /** A copy of the vector at {@code index}. */
  public float[] vector(int index) {
    Objects.checkIndex(index, ids.length);
    return Arrays.copyOfRange(vectors, index * dimension, (index + 1) * dimension);
  }

  /**
   * The dot product of the item at {@code index} with {@code query} (the cosine similarity when both are
   * L2-normalised). {@link ExactRetrieval} scores with this same arithmetic, so equal vectors always get
   * exactly equal scores.
   *
   * @throws IllegalArgumentException if {@code query} has another dimension
   */
  public float dot(int index, float[] query) {
    Objects.checkIndex(index, ids.length);
    requireDimension(query, "query");
    return dotAt(index * dimension, query);
  }

  /** The dot product of the row starting at {@code offset} with {@code query}; no checks. */
  float dotAt(int offset, float[] query) {
    float[] v = vectors;
    int d = dimension;
    float s0 = 0;
    float s1 = 0;
    float s2 = 0;
    float s3 = 0;
    int j = 0;
    for (; j + 3 < d; j += 4) {
      s0 += v[offset + j] * query[j];
      s1 += v[offset + j + 1] * query[j + 1];
      s2 += v[offset + j + 2] * query[j + 2];
      s3 += v[offset + j + 3] * query[j + 3];
    }
    for (; j < d; j++) {
      s0 += v[offset + j] * query[j];
    }
    return (s0 + s1) + (s2 + s3);
  }

  void requireDimension(float[] query, String what) {
    if (query == null) {
      throw new IllegalArgumentException(what + " vector is null");
    }
    if (query.length != dimension) {
      throw new IllegalArgumentException("Cannot search: " + what + " has dimension " + query.length
          + " but the gallery's is " + dimension + "; embed sketches and photos with the same model");
    }
  }

  @Override
  public String toString() {
    return "Gallery[size=" + ids.length + ", dimension=" + dimension + "]";
  }
}
