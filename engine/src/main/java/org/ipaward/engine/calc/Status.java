package org.ipaward.engine.calc;

import org.ipaward.engine.model.Text;

/** The outcome of a claim. */
public enum Status {
    ELIGIBLE("符合条件", "Eligible"),
    NOT_ELIGIBLE("不符合条件", "Not eligible"),
    UNDETERMINED("暂无法判断（待补充）", "Cannot tell yet");

    private final Text label;

    Status(String zh, String en) {
        this.label = new Text(zh, en);
    }

    public Text label() {
        return label;
    }

    public String id() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
