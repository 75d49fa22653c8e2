package io.github.apimoauth.entra;

/** Entra access-token versions; the resource app's accessTokenAcceptedVersion decides which one a caller gets. */
public enum TokenVersion {

    V1("1.0"), V2("2.0");

    private final String claim;

    TokenVersion(String claim) {
        this.claim = claim;
    }

    /** The value of the ver claim. */
    public String claim() {
        return claim;
    }
}
