// The interactive API documentation (/docs): Swagger UI from the installed swagger-ui-bundle
// package, served by the app itself, reading the app's own schema. Nothing from other hosts.
window.addEventListener("DOMContentLoaded", function () {
  window.SwaggerUIBundle({
    url: "/openapi.json",
    dom_id: "#swagger-ui",
    deepLinking: true,
    validatorUrl: null, // the default sends the schema to validator.swagger.io
  });
});
