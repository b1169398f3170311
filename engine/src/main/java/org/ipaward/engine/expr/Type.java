package org.ipaward.engine.expr;

/** The type of an expression or a name, checked when a policy is loaded. */
public enum Type {
    NUMBER("数值"),
    BOOLEAN("布尔"),
    TEXT("文本"),
    DATE("日期"),
    LIST("列表"),
    TABLE("表");

    private final String zh;

    Type(String zh) {
        this.zh = zh;
    }

    /** The type's Chinese name, for error messages. */
    public String zh() {
        return zh;
    }
}
