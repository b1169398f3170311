package org.ipaward.batch.claims;

import java.util.Locale;

/**
 * The columns of a claims file, in the order written: a stable id (the header machines write) and a Chinese
 * header (the header staff export). A reader accepts either header for each column, in any order.
 */
public enum ClaimColumns {
    APPLICATION_NO("申报编号", true),
    SUBMITTED_AT("提交时间", true),
    CLAIM_SEQ("事项序号", false),
    SUBJECT_ID("统一社会信用代码或身份证号", true),
    SUBJECT_NAME("主体名称", false),
    SUBJECT_KIND("主体类型", true),
    REGISTERED_REGION("注册地区划代码", false),
    HOUSEHOLD_REGION("户籍地区划代码", false),
    SERVED_REGIONS("服务地区划代码", false),
    MU_GRADE("亩均效益评价等级", false),
    POLICY("政策", true),
    MEASURE("措施", true),
    MATTER_YEAR("事项年度", true),
    FACTS("事实", false),
    MATERIALS("材料", false),
    AWARDED("核定金额", false);

    private final String zh;
    private final boolean required;

    ClaimColumns(String zh, boolean required) {
        this.zh = zh;
        this.required = required;
    }

    /** The stable id: {@code application_no}, {@code submitted_at}, … */
    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The Chinese header: {@code 申报编号}, {@code 提交时间}, … */
    public String zh() {
        return zh;
    }

    /** Whether a file must have the column. */
    public boolean required() {
        return required;
    }

    /** The column for a header (id or Chinese, surrounding spaces ignored), or {@code null}. */
    public static ClaimColumns of(String header) {
        if (header == null) {
            return null;
        }
        String h = header.strip();
        for (ClaimColumns c : values()) {
            if (c.id().equals(h) || c.zh.equals(h)) {
                return c;
            }
        }
        return null;
    }
}
