package org.ipaward.engine.model;

import java.util.Locale;

/** Who may claim: the kinds of subject the policies name. */
public enum SubjectKind {
    ENTERPRISE("企业", "Enterprise"),
    INSTITUTION("事业单位", "Public institution"),
    OTHER_ORG("其他组织", "Other organisation"),
    PERSON("自然人", "Natural person"),
    SERVICE_AGENCY("知识产权服务机构", "IP service agency");

    private final Text label;

    SubjectKind(String zh, String en) {
        this.label = new Text(zh, en);
    }

    public Text label() {
        return label;
    }

    /** The id used in files: {@code enterprise}, {@code other_org}, … */
    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The kind for a file id, or {@code null} when there is none. */
    public static SubjectKind fromId(String id) {
        for (SubjectKind k : values()) {
            if (k.id().equals(id)) {
                return k;
            }
        }
        return null;
    }
}
