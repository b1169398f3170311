package org.ipaward.server.security;

/** The roles of the system; a user may hold several, but the workflow keeps reviewer and approver apart. */
public enum Role {
    APPLICANT("申报人", "Applicant"),
    ACCEPTOR("受理人员", "Acceptor"),
    REVIEWER("审核人员", "Reviewer"),
    APPROVER("审批人员", "Approver"),
    FINANCE("财政人员", "Finance"),
    POLICY_ADMIN("政策管理员", "Policy administrator"),
    SYSTEM_ADMIN("系统管理员", "System administrator"),
    AUDITOR("审计人员", "Auditor");

    private final String zh;
    private final String en;

    Role(String zh, String en) {
        this.zh = zh;
        this.en = en;
    }

    public String zh() {
        return zh;
    }

    public String en() {
        return en;
    }

    public String authority() {
        return "ROLE_" + name();
    }

    /** Staff of the IP office or the finance bureau: everyone but applicants. */
    public boolean staff() {
        return this != APPLICANT;
    }
}
