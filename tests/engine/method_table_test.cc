// The method table: every rpc of service reentry.v1.Engine is registered and
// dispatches; anything else is UNIMPLEMENTED; typed calls find their rpc by
// request type.
#include <string>
#include <vector>

#include "engine/module.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "reentry/engine/engine.h"
#include "reentry/status.h"
#include "reentry/v1/assessment.pb.h"
#include "reentry/v1/engine.pb.h"

namespace reentry::engine_internal {
namespace {

using ::testing::HasSubstr;

const google::protobuf::ServiceDescriptor& Service() {
  return *v1::Error::descriptor()->file()->FindServiceByName("Engine");
}

TEST(MethodTable, RegistersEveryRpcOfTheServiceWithoutProblems) {
  const MethodTable& table = MethodTable::Default();
  EXPECT_THAT(table.problems(), ::testing::IsEmpty());
  std::vector<std::string> service;
  for (int i = 0; i < Service().method_count(); ++i) service.push_back(Service().method(i)->name());
  EXPECT_EQ(Engine::Methods(), service);
}

TEST(MethodTable, DispatchesEveryRpcOfTheService) {
  auto engine = Engine::Create();
  ASSERT_TRUE(engine.ok());
  for (int i = 0; i < Service().method_count(); ++i) {
    const std::string name = Service().method(i)->name();
    SCOPED_TRACE(name);
    // An empty request reaches the handler: it answers or rejects the request
    // itself, never UNIMPLEMENTED.
    std::string response;
    const absl::Status status = (*engine)->Call(name, "", Engine::Encoding::kBinary, &response);
    EXPECT_NE(status.code(), absl::StatusCode::kUnimplemented) << status;
    // And through the typed call, by request type.
    const Method* method = MethodTable::Default().Find(name);
    ASSERT_NE(method, nullptr);
    std::unique_ptr<google::protobuf::Message> request(method->request_prototype->New());
    std::unique_ptr<google::protobuf::Message> answer(method->response_prototype->New());
    EXPECT_NE((*engine)->Call(*request, answer.get()).code(), absl::StatusCode::kUnimplemented);
  }
}

void OnlyTheEngineModule(Registrar& registrar) { RegisterEngineModule(registrar); }

TEST(MethodTable, LeavesUnregisteredRpcsOut) {
  auto partial = MethodTable::Build(OnlyTheEngineModule);
  EXPECT_NE(partial->Find("ListDefinitions"), nullptr);
  EXPECT_EQ(partial->Find("Score"), nullptr);
  EXPECT_EQ(partial->ForRequest(v1::ScoreRequest::descriptor()), nullptr);
  ASSERT_EQ(partial->methods().size(), 1u);
}

TEST(MethodTable, AnswersUnregisteredMethodsWithUnimplemented) {
  auto engine = Engine::Create();
  ASSERT_TRUE(engine.ok());
  std::string response = "kept";
  const absl::Status status = (*engine)->Call("Predict", "", Engine::Encoding::kJson, &response);
  EXPECT_EQ(status.code(), absl::StatusCode::kUnimplemented);
  EXPECT_EQ(ErrorField(status), "method");
  EXPECT_THAT(std::string(status.message()), HasSubstr("'Predict' is not an rpc"));
  EXPECT_EQ(response, "kept");
  // A request type no rpc takes.
  v1::ScoreResponse answer;
  EXPECT_EQ((*engine)->Call(v1::Error(), &answer).code(), absl::StatusCode::kUnimplemented);
}

TEST(MethodTable, RejectsAResponseOfAnotherType) {
  auto engine = Engine::Create();
  ASSERT_TRUE(engine.ok());
  v1::ListInstrumentsResponse wrong;
  const absl::Status status = (*engine)->Call(v1::ScoreRequest(), &wrong);
  EXPECT_EQ(status.code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(std::string(status.message()), HasSubstr("answers with reentry.v1.ScoreResponse"));
}

absl::Status WrongTypes(const CallContext&, const v1::ScoreRequest&, v1::ListInstrumentsResponse*) {
  return absl::OkStatus();
}
absl::Status NotInService(const CallContext&, const v1::Error&, v1::Error*) {
  return absl::OkStatus();
}

void BadRegistrations(Registrar& registrar) {
  registrar.Rpc("Score", WrongTypes);
  registrar.Rpc("Frobnicate", NotInService);
  RegisterEngineModule(registrar);
  RegisterEngineModule(registrar);
}

TEST(MethodTable, ReportsRegistrationMistakes) {
  auto table = MethodTable::Build(BadRegistrations);
  EXPECT_THAT(table->problems(),
              ::testing::ElementsAre(HasSubstr("rpc Score is registered with types other than"),
                                     HasSubstr("rpc Frobnicate is not in service"),
                                     HasSubstr("rpc ListDefinitions is registered twice")));
}

}  // namespace
}  // namespace reentry::engine_internal
