/* recall-outlook docs: a picture wider than the column scrolls sideways, and says so.
 *
 * Every `.ro-scroll` box gets the class `ro-scroll--overflows` while its content is wider than
 * the box; the stylesheet then shows the box's cue ("scroll sideways") and a fading edge.
 */
(function () {
  "use strict";
  function update() {
    document.querySelectorAll(".ro-scroll").forEach(function (box) {
      var overflows = box.scrollWidth > box.clientWidth + 1;
      box.classList.toggle("ro-scroll--overflows", overflows);
      var figure = box.closest("figure");
      if (figure) figure.classList.toggle("ro-figure--overflows", overflows);
    });
  }
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", update);
  } else {
    update();
  }
  window.addEventListener("resize", update);
  window.addEventListener("load", update);
})();
