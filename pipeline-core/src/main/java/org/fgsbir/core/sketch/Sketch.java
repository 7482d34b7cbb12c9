package org.fgsbir.core.sketch;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A free-hand sketch: an id, a category, the id of the photo it depicts (absent for category-level data
 * such as Quick, Draw!), an optional dataset split, and its strokes in drawing order. Immutable and
 * validated: a sketch has at least one stroke and every stroke at least one finite point.
 */
public final class Sketch {
  private final String id;
  private final String category;
  private final String photoId;
  private final String split;
  private final List<Stroke> strokes;
  private final int pointCount;

  /**
   * Creates a sketch.
   *
   * @param id non-blank sketch id
   * @param category non-blank category (e.g. {@code shoe})
   * @param photoId paired photo id, or null when the sketch is not paired with a photo
   * @param split dataset split such as {@code train} or {@code test}, or null
   * @param strokes at least one stroke, in drawing order
   * @throws IllegalArgumentException if a field is blank or there are no strokes
   */
  public Sketch(String id, String category, String photoId, String split, List<Stroke> strokes) {
    this.id = requireNonBlank(id, "sketch id");
    this.category = requireNonBlank(category, "category of sketch " + id);
    this.photoId = photoId == null ? null : requireNonBlank(photoId, "photo id of sketch " + id);
    this.split = split;
    Objects.requireNonNull(strokes, "strokes");
    if (strokes.isEmpty()) {
      throw new IllegalArgumentException("sketch " + id + " has no strokes");
    }
    this.strokes = List.copyOf(strokes);
    int n = 0;
    for (Stroke s : this.strokes) {
      n += s.size();
    }
    this.pointCount = n;
  }

  private static String requireNonBlank(String value, String what) {
    if (value == null || value.isBlank()) {
      throw new IllegalArgumentException(what + " is missing or blank");
    }
    return value;
  }

  /** The sketch id. */
  public String id() {
    return id;
  }

  /** The category, e.g. {@code shoe}. */
  public String category() {
    return category;
  }

  /** The id of the photo this sketch depicts, if paired. */
  public Optional<String> photoId() {
    return Optional.ofNullable(photoId);
  }

  /** The dataset split ({@code train}, {@code test}, ...), if known. */
  public Optional<String> split() {
    return Optional.ofNullable(split);
  }

  /** The strokes in drawing order (unmodifiable). */
  public List<Stroke> strokes() {
    return strokes;
  }

  /** Number of strokes, at least 1. */
  public int strokeCount() {
    return strokes.size();
  }

  /** Total number of points over all strokes, at least 1. */
  public int pointCount() {
    return pointCount;
  }

  /** The bounding box of all points. */
  public Bounds bounds() {
    float minX = Float.POSITIVE_INFINITY;
    float minY = Float.POSITIVE_INFINITY;
    float maxX = Float.NEGATIVE_INFINITY;
    float maxY = Float.NEGATIVE_INFINITY;
    for (Stroke s : strokes) {
      for (int i = 0; i < s.size(); i++) {
        minX = Math.min(minX, s.x(i));
        maxX = Math.max(maxX, s.x(i));
        minY = Math.min(minY, s.y(i));
        maxY = Math.max(maxY, s.y(i));
      }
    }
    return new Bounds(minX, minY, maxX, maxY);
  }

  /** The sketch made of the first {@code n} strokes ({@code 1 <= n <= strokeCount()}). */
  public Sketch firstStrokes(int n) {
    if (n < 1 || n > strokes.size()) {
      throw new IllegalArgumentException("stroke prefix " + n + " outside 1.." + strokes.size());
    }
    return n == strokes.size() ? this : new Sketch(id, category, photoId, split, strokes.subList(0, n));
  }

  /**
   * The sketch made of the first {@code n} points in drawing order ({@code 1 <= n <= pointCount()}),
   * cutting the last stroke mid-way when needed.
   */
  public Sketch firstPoints(int n) {
    if (n < 1 || n > pointCount) {
      throw new IllegalArgumentException("point prefix " + n + " outside 1.." + pointCount);
    }
    if (n == pointCount) {
      return this;
    }
    List<Stroke> kept = new ArrayList<>();
    int left = n;
    for (Stroke s : strokes) {
      if (left == 0) {
        break;
      }
      int take = Math.min(left, s.size());
      kept.add(s.prefix(take));
      left -= take;
    }
    return new Sketch(id, category, photoId, split, kept);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Sketch s
        && id.equals(s.id) && category.equals(s.category) && Objects.equals(photoId, s.photoId)
        && Objects.equals(split, s.split) && strokes.equals(s.strokes);
  }

  @Override
  public int hashCode() {
    return Objects.hash(id, category, photoId, split, strokes);
  }

  @Override
  public String toString() {
    return "Sketch[" + id + ", " + category + (photoId == null ? "" : ", photo " + photoId) + ", "
        + strokes.size() + " strokes, " + pointCount + " points]";
  }
}
