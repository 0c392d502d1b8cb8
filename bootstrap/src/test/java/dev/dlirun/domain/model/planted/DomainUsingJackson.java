package dev.dlirun.domain.model.planted;

import com.fasterxml.jackson.databind.ObjectMapper;

/** A planted violation: the domain reaching for a library. Test fixture only. */
public class DomainUsingJackson {
    public Object mapper() {
        return new ObjectMapper();
    }
}
