// Kakehashi: small progressive enhancements; every page works without them.
(function () {
  "use strict";
  // Tag pickers: filter the checkbox list by English or Japanese label as one types.
  document.querySelectorAll("input.tag-filter").forEach(function (input) {
    var picker = document.getElementById(input.dataset.picker);
    if (!picker) { return; }
    input.addEventListener("input", function () {
      var q = input.value.trim().toLowerCase();
      picker.querySelectorAll(".tag-group").forEach(function (group) {
        var any = false;
        group.querySelectorAll(".tag-option").forEach(function (opt) {
          var hit = !q || opt.dataset.labels.indexOf(q) !== -1 || opt.querySelector("input").checked;
          opt.classList.toggle("is-hidden", !hit);
          any = any || hit;
        });
        group.classList.toggle("is-hidden", !any);
      });
    });
    input.addEventListener("keydown", function (ev) {
      if (ev.key === "Enter") { ev.preventDefault(); }
    });
  });
})();
