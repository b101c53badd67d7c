// Bring the highlighted evidence sentence into view on an event page.
"use strict";
document.addEventListener("DOMContentLoaded", () => {
  const evidence = document.getElementById("evidence");
  if (evidence) evidence.scrollIntoView({ block: "center" });
});
