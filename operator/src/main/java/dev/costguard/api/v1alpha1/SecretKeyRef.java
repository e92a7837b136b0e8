package dev.costguard.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;

@JsonInclude(JsonInclude.Include.NON_EMPTY)
public class SecretKeyRef {
  @Required
  @Size(max = 253)
  @Pattern(SchemaPatterns.DNS_1123_SUBDOMAIN)
  @JsonPropertyDescription("Name of a Secret in the object's namespace (DNS-1123 subdomain).")
  public String name;

  @Required
  @Size(max = 253)
  @Pattern(SchemaPatterns.SECRET_KEY)
  @JsonPropertyDescription("Key in the Secret's data.")
  public String key;
}
