package org.ipaward.engine.model;

/** A text in Chinese first and English second. */
public record Text(String zh, String en) {
    public Text {
        if (zh == null || zh.isBlank()) {
            throw new IllegalArgumentException("zh must not be blank");
        }
        if (en == null) {
            en = "";
        }
    }

    public static Text of(String zh, String en) {
        return new Text(zh, en);
    }
}
