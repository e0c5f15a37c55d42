// Small progressive enhancement; every page works without it.
// Opening a link to #A3 expands that indicator's details element; a link to a footnote
// marker inside a closed indicator (#fnref-7, from the sources list) expands it too.
(function () {
  function openTarget() {
    var id = decodeURIComponent(window.location.hash.slice(1));
    if (!id) return;
    var target = document.getElementById(id);
    if (!target) return;
    var details = target.tagName === "DETAILS" ? target : target.closest("details");
    if (details && !details.open) {
      details.open = true;
      if (details !== target) target.scrollIntoView();
    }
  }
  window.addEventListener("hashchange", openTarget);
  document.addEventListener("DOMContentLoaded", openTarget);
})();
