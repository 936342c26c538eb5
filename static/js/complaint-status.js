// The complaint team's "Ubah status" form: show only the fields of the status chosen. Without
// this script every group is shown, each titled by its status, and the server reads only the
// chosen one's, so the form works the same.
(function () {
  "use strict";

  function enhance(form) {
    var choices = form.querySelectorAll('input[type="radio"][name="to"]');
    var groups = form.querySelectorAll("[data-status-group]");

    function show() {
      var chosen = form.querySelector('input[type="radio"][name="to"]:checked');
      groups.forEach(function (group) {
        group.hidden = !chosen || group.getAttribute("data-status-group") !== chosen.value;
      });
    }

    choices.forEach(function (choice) {
      choice.addEventListener("change", show);
    });
    show();
  }

  document.querySelectorAll("form[data-status-form]").forEach(enhance);
})();
