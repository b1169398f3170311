package org.ipaward.server.subject.ids;

/** The kind of patent application, from the type digit of its number (ZC 0006-2003). */
public enum PatentType {
    INVENTION(1, "发明专利申请", "invention"),
    UTILITY_MODEL(2, "实用新型专利申请", "utility model"),
    DESIGN(3, "外观设计专利申请", "design"),
    PCT_INVENTION(8, "进入中国国家阶段的 PCT 发明专利申请", "PCT invention application entering China"),
    PCT_UTILITY_MODEL(9, "进入中国国家阶段的 PCT 实用新型专利申请", "PCT utility model application entering China");

    private final int code;
    private final String zh;
    private final String en;

    PatentType(int code, String zh, String en) {
        this.code = code;
        this.zh = zh;
        this.en = en;
    }

    public int code() {
        return code;
    }

    public String zh() {
        return zh;
    }

    public String en() {
        return en;
    }

    /** The type for a type digit, or null. */
    public static PatentType of(int code) {
        for (PatentType t : values()) {
            if (t.code == code) {
                return t;
            }
        }
        return null;
    }
}
