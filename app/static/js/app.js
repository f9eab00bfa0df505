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

// Job progress: poll /jobs/<id> and move the bar until the job finishes, then follow done_url.
(function () {
  "use strict";
  document.querySelectorAll(".job-progress").forEach(function (box) {
    var bar = box.querySelector(".job-bar");
    function show(job) {
      bar.style.width = job.progress + "%";
      box.querySelector(".progress").setAttribute("aria-valuenow", job.progress);
      box.querySelector(".job-percent").textContent = job.progress + "%";
      if (job.message) { box.querySelector(".job-message").textContent = job.message; }
    }
    function poll() {
      fetch(box.dataset.jobUrl, { headers: { "Accept": "application/json" }, credentials: "same-origin" })
        .then(function (r) { return r.json(); })
        .then(function (job) {
          show(job);
          if (job.status === "finished") {
            if (box.dataset.doneUrl) { window.location.assign(box.dataset.doneUrl); }
          } else if (job.status === "failed") {
            box.querySelector(".job-failed").classList.remove("d-none");
          } else {
            window.setTimeout(poll, 1000);
          }
        })
        .catch(function () { window.setTimeout(poll, 3000); });
    }
    bar.style.width = (bar.dataset.progress || 0) + "%";
    poll();
  });
})();
