package dev.dlirun.api.planted;

import com.fasterxml.jackson.databind.ObjectMapper;

/** A planted violation: the API contract's code reaching for a library. Test fixture only. */
public class ContractUsingJackson {
    public Object mapper() {
        return new ObjectMapper();
    }
}
